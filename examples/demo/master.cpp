// The demo's C++ master: signs trading signals with tradeseal.hpp.
//
// Usage: master KEY_ID KEY_HEX ROGUE_KEY_HEX  (then one signal per stdin line)
// Line:  KEYRING UUID SEQUENCE GENERATED_AT_MS SYMBOL ORDER_TYPE VOLUME_UNITS VOLUME_DECIMALS PRICE_UNITS PRICE_DECIMALS
//        KEYRING is "good" or "rogue" (a different key under the same id, for the wrong-key case).
// Prints per line: PACKET_HEX SHA256_HEX   or   ERROR TSEAL_NAME
#include <openssl/sha.h>

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tradeseal.hpp"

namespace {

std::vector<uint8_t> from_hex(const std::string& hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string to_hex(const uint8_t* p, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    s += digits[p[i] >> 4];
    s += digits[p[i] & 15];
  }
  return s;
}

tradeseal::keyring make_keyring(uint32_t id, const std::string& hex) {
  tradeseal::keyring ring;
  ring.insert(id, from_hex(hex));
  ring.promote(id);
  return ring;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s KEY_ID KEY_HEX ROGUE_KEY_HEX < signals\n", argv[0]);
    return 2;
  }
  const auto id = static_cast<uint32_t>(std::stoul(argv[1]));
  const tradeseal::keyring good = make_keyring(id, argv[2]);
  const tradeseal::keyring rogue = make_keyring(id, argv[3]);

  std::string line;
  while (std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string which;
    tradeseal::signal s;
    unsigned order_type = 0, volume_decimals = 0, price_decimals = 0;
    in >> which >> s.subscription_id >> s.sequence >> s.generated_at_ms >> s.symbol >> order_type >>
        s.volume.units >> volume_decimals >> s.price.units >> price_decimals;
    s.order_type = static_cast<uint8_t>(order_type);
    s.volume.decimals = static_cast<uint8_t>(volume_decimals);
    s.price.decimals = static_cast<uint8_t>(price_decimals);
    try {
      const auto packet = tradeseal::signal_sign(which == "rogue" ? rogue : good, s);
      uint8_t digest[SHA256_DIGEST_LENGTH];
      SHA256(packet.data(), packet.size(), digest);
      std::cout << to_hex(packet.data(), packet.size()) << ' ' << to_hex(digest, sizeof digest) << std::endl;
    } catch (const tradeseal::error& e) {
      std::cout << "ERROR " << e.name() << std::endl;
    }
  }
  return 0;
}
