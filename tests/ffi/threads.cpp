// Hammers one keyring and one MAC key from 8 threads at once (while a 9th thread rotates the keyring's
// primary key) and checks every result against single-threaded references.
// Closing line: "N passed, N failed"; exit status 1 on any failure.
#include <atomic>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "tradeseal.hpp"

namespace ts = tradeseal;

int main() {
  const std::vector<uint8_t> key1(32, 1), key2(32, 2);
  ts::keyring ring;
  ring.insert(1, key1);
  ring.insert(2, key2);
  ring.promote(1);
  const auto ref1 = ts::mac_key::from_bytes(key1), ref2 = ts::mac_key::from_bytes(key2);
  const auto shared_key = ts::mac_key::from_bytes(key1);

  constexpr int kThreads = 8, kIterations = 2000;
  std::atomic<long> passed{0}, failed{0};
  std::atomic<bool> done{false};
  auto check = [&](bool ok, const std::string& what) {
    if (ok) {
      ++passed;
    } else if (++failed <= 10) {
      std::cout << "FAIL " << what << "\n";
    }
  };

  std::thread rotator([&] {
    for (uint32_t i = 0; !done.load(); ++i) ring.promote(1 + i % 2);
  });
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t) {
    workers.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        std::string message = "thread " + std::to_string(t) + " message " + std::to_string(i);
        try {
          auto signed_tag = ring.sign(message);
          const auto& ref = signed_tag.key_id == 1 ? ref1 : ref2;
          check(signed_tag.tag == ref.sign(message), "keyring tag");
          ring.verify(signed_tag.key_id, message, signed_tag.tag);
          auto tag = shared_key.sign(message);
          check(tag == ref1.sign(message), "shared key tag");
          shared_key.verify(message, tag);
          auto frame = ts::frame_sign(ring, t, i + 1, 7, ts::bytes_view(message));
          auto verified = ts::frame_verify(ring, frame);
          check(verified.stream_id == static_cast<uint64_t>(t) && verified.sequence == static_cast<uint64_t>(i + 1) &&
                    std::string(verified.payload.begin(), verified.payload.end()) == message,
                "frame round trip");
          tag[0] ^= 1;
          try {
            shared_key.verify(message, tag);
            check(false, "tampered tag verified");
          } catch (const ts::error& e) {
            check(e.code() == TSEAL_INVALID_SIGNATURE, std::string("tampered tag: ") + e.name());
          }
        } catch (const ts::error& e) {
          check(false, std::string("unexpected ") + e.name());
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  done = true;
  rotator.join();
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
