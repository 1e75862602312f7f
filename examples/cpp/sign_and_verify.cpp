// Sign and verify a trading signal and an exchange request with the tradeseal C++ wrapper.
//
// Build (after scripts/install-c.sh PREFIX):
//   cmake -S examples/cpp -B build -DCMAKE_PREFIX_PATH=PREFIX && cmake --build build && ./build/sign_and_verify
#include <cstdio>
#include <iostream>

#include "tradeseal.hpp"

namespace ts = tradeseal;

int main() {
  try {
    // Both sides share a keyring; key id 1 is the primary (signing) key.
    const std::vector<uint8_t> shared_secret = ts::random_bytes(TSEAL_MAC_KEY_BYTES);
    ts::keyring sender, receiver;
    sender.insert(1, shared_secret);
    sender.promote(1);
    receiver.insert(1, shared_secret);

    // A trading signal: prices and volumes are fixed-point, rounded exactly like printf("%.5f").
    ts::signal buy;
    buy.subscription_id = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
    buy.sequence = 42;
    buy.generated_at_ms = 1700000000000;
    buy.symbol = "EURUSD";
    buy.order_type = 0;  // ORDER_TYPE_BUY
    buy.volume = ts::decimal_from_f64(0.10, 2);
    buy.price = ts::decimal_from_f64(1.08125, 5);
    std::vector<uint8_t> wire = ts::signal_sign(sender, buy);
    std::cout << "signed signal: " << wire.size() << " bytes\n";

    ts::verified_signal got = ts::signal_verify(receiver, wire);
    std::cout << "verified: key " << got.key_id << ", " << got.message.symbol << " seq " << got.message.sequence
              << " price " << got.message.price.units << "e-" << int(got.message.price.decimals) << "\n";

    wire[wire.size() - 1] ^= 1;  // one flipped bit in the tag
    try {
      ts::signal_verify(receiver, wire);
      std::cout << "tampered signal accepted?!\n";
      return 1;
    } catch (const ts::error& e) {
      std::cout << "tampered signal rejected: " << e.name() << "\n";
    }

    // An exchange request: the client sends X-API-Key, X-Timestamp, X-Nonce and X-Signature.
    auto api_secret = ts::mac_key::from_bytes(shared_secret);
    const std::string body = R"({"symbol":"EURUSD","side":"BUY","qty":"0.10"})";
    std::string signature =
        ts::request_sign(api_secret, "key-1", "POST", "/api/v1/order", 1700000000000, "n-0001", body);
    std::cout << "X-Signature: " << signature << "\n";

    // The server checks the headers exactly as received.
    ts::request_verify(api_secret, "POST", "/api/v1/order", "1700000000000", "n-0001", body, signature);
    std::cout << "request verified\n";
    try {
      ts::request_verify(api_secret, "POST", "/api/v1/order", "1700000000001", "n-0001", body, signature);
      std::cout << "changed timestamp accepted?!\n";
      return 1;
    } catch (const ts::error& e) {
      std::cout << "changed timestamp rejected: " << e.name() << "\n";
    }
  } catch (const ts::error& e) {
    std::cerr << "error " << e.name() << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}
