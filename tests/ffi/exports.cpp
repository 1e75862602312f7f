// The exports that no tests/vectors file covers, through the C++ wrapper (tradeseal.hpp): the same known
// values as exports.c, and bad input surfacing as tradeseal::error with the right TSEAL_* name. The
// wrapper's size-query retry is exercised by outputs larger than its first guess (key ids, ranges).
//
// Built on Linux by scripts/test-c.sh and against tradeseal.dll (MinGW, run under wine) by scripts/test-mql5.sh.
//
// Usage: exports_cpp. Closing line: "N passed, N failed"; exit status 1 on any failure.
#include <cstdint>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "tradeseal.hpp"

namespace ts = tradeseal;

namespace {

int passed = 0, failed = 0;

void check_at(bool ok, const char* what, int line) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::cout << "FAIL line " << line << ": " << what << "\n";
  }
}
#define CHECK(...) check_at((__VA_ARGS__), #__VA_ARGS__, __LINE__)

template <class F>
void expect_error_at(const char* name, F&& f, const char* what, int line) {
  try {
    f();
    check_at(false, what, line);
    std::cout << "  (no error, expected " << name << ")\n";
  } catch (const ts::error& e) {
    check_at(std::string(e.name()) == name, what, line);
    if (std::string(e.name()) != name) std::cout << "  (" << e.name() << ", expected " << name << ")\n";
  }
}
#define EXPECT_ERROR(name, ...) expect_error_at(name, [&] { __VA_ARGS__; }, #__VA_ARGS__, __LINE__)

std::vector<uint8_t> unhex(const std::string& hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

using ranges = std::vector<std::pair<uint64_t, uint64_t>>;

const char* const UUID = "6f9619ff-8b86-d011-b42d-00c04fc964ff";
// tests/vectors/kdf.json: the master key, context "channel-7", and its derivations.
const char* const MASTER = "4d545b626970777e858c939aa1a8afb6bdc4cbd2d9e0e7eef5fc030a11181f26";
const char* const DERIVED_MAC = "45166a5fb09b70587511ecaa821b1ad5d3a999bf067505ce1e21aaff0b2d0879";
const char* const DERIVED_AES = "55287c199e0b43c0aa012a18296e7aadcdd6be51e53132e0546bb5487652fc12";
const char* const DERIVED_ED25519 = "525350712923a4a21533fdc510b523c6d56d6e3a6c796ee52c32a44035f1b553";

void text_and_numbers() {
  CHECK(ts::subscription_id_parse("6F9619FF-8B86-D011-B42D-00C04FC964FF") == unhex("6f9619ff8b86d011b42d00c04fc964ff"));
  CHECK(ts::subscription_id_format(unhex("6f9619ff8b86d011b42d00c04fc964ff")) == UUID);
  EXPECT_ERROR("TSEAL_INVALID_UUID", ts::subscription_id_parse("6f9619ff8b86d011b42d00c04fc964ff"));
  EXPECT_ERROR("TSEAL_INVALID_LENGTH", ts::subscription_id_format(unhex("6f9619ff")));
  EXPECT_ERROR("TSEAL_NULL_POINTER", ts::subscription_id_format(ts::bytes_view(nullptr, 16)));

  CHECK(ts::decimal_format({108500, 5}) == "1.08500");
  CHECK(ts::decimal_format({INT64_MAX, 18}) == "9.223372036854775807");
  CHECK(ts::decimal_parse(ts::decimal_format({150, 3})).units == 150);
  EXPECT_ERROR("TSEAL_INVALID_NUMBER", ts::decimal_format({-5, 2}));
  EXPECT_ERROR("TSEAL_INVALID_NUMBER", ts::decimal_format({5, 19}));

  CHECK(ts::time_window_oldest(60000, 5000, 100000) == 40000);
  CHECK(ts::time_window_oldest(60000, 5000, 10) == 0);
  ts::password_params p = ts::password_params_default();
  CHECK(p.memory_kib == 65536 && p.passes == 3 && p.lanes == 4);
}

void gaps_and_clocks() {
  ts::gap_tracker gaps(10000, 1024);
  CHECK(gaps.record(1, 1000) == TSEAL_STREAM_STATE_NORMAL);
  CHECK(gaps.record(5, 1000) == TSEAL_STREAM_STATE_GAP);
  // Gaps 2..4 and every even number from 6 to 34: as many ranges as a tracker keeps.
  for (uint64_t seq = 7; seq <= 35; seq += 2) gaps.record(seq, 1000);
  ranges missing = gaps.missing();
  CHECK(missing.size() == TSEAL_MAX_GAP_RANGES && missing.front() == std::make_pair(uint64_t{2}, uint64_t{4}));
  CHECK(gaps.highest() == 35 && gaps.missing_count() == 3 + 15);
  EXPECT_ERROR("TSEAL_STREAM_DEGRADED", gaps.check(11001));
  CHECK(gaps.state(11001) == TSEAL_STREAM_STATE_DEGRADED);
  gaps.resync();
  CHECK(gaps.state(11001) == TSEAL_STREAM_STATE_NORMAL && gaps.missing().empty());

  ts::gap_tracker fix = ts::gap_tracker::after(0, 10000, 2);
  CHECK(fix.record(3, 0) == TSEAL_STREAM_STATE_GAP && fix.missing() == ranges{{1, 2}});
  EXPECT_ERROR("TSEAL_STREAM_DEGRADED", fix.record(6, 0));
  ts::gap_tracker moved = std::move(fix);
  EXPECT_ERROR("TSEAL_NULL_POINTER", fix.resync());

  ts::clock_offset offset;
  CHECK(!offset.estimate_ms().has_value());
  offset.observe(1000, 1250);
  offset.observe(2000, 2090);
  offset.observe(5000, 4000);
  CHECK(offset.estimate_ms() == 77);

  ts::guard guard(64);
  CHECK(!guard.clock_offset(UUID).has_value() && guard.size() == 0);
  guard.check(UUID, 1, 1000);
  CHECK(guard.accept_sent_at(UUID, 1, 1000, 1250) == TSEAL_STREAM_STATE_NORMAL);
  EXPECT_ERROR("TSEAL_REPLAYED", guard.check(UUID, 1, 1300));
  CHECK(guard.accept(UUID, 3, 1300) == TSEAL_STREAM_STATE_GAP);
  CHECK(guard.clock_offset(UUID) == 250 && guard.size() == 1 && guard.missing(UUID) == ranges{{2, 2}});
  EXPECT_ERROR("TSEAL_REPLAYED", guard.accept_sent_at(UUID, 1, 1000, 1400));
  EXPECT_ERROR("TSEAL_INVALID_UUID", guard.clock_offset("nope"));
}

void signal_verifier_streams() {
  const uint64_t now = 1700000000000ULL;
  ts::keyring ring;
  ring.insert(3, std::vector<uint8_t>(32, 7));
  ring.promote(3);
  ts::signal_verifier verifier(60000, 5000, ts::decimal{100, 0}, 64);
  for (uint64_t seq : {1, 4}) {
    ts::signal s{UUID, seq, now - 40, "EURUSD", 0, {10, 2}, {108125, 5}};
    verifier.verify(ring, ts::signal_sign(ring, s), now);
  }
  CHECK(verifier.state(UUID, now) == TSEAL_STREAM_STATE_GAP);
  CHECK(verifier.missing(UUID) == ranges{{2, 3}});
  CHECK(verifier.clock_offset(UUID) == 40);
  verifier.resync(UUID);
  CHECK(verifier.state(UUID, now) == TSEAL_STREAM_STATE_NORMAL);
  EXPECT_ERROR("TSEAL_INVALID_UUID", verifier.missing(""));
}

void parse_without_verify() {
  // tests/vectors/frame.json "hello" and signal.json "buy-eurusd".
  std::vector<uint8_t> frame = unhex(
      "01000000010000000000000007000000000000002a17979cfe3d85cd150000000568656c6c6ff4b8581db6fe6e71f89f556682"
      "100c753a11e5e9a2e37f57cb743f1f20ee59bb");
  ts::frame_route route = ts::frame_parse(frame);
  CHECK(route.key_id == 1 && route.stream_id == 7);
  EXPECT_ERROR("TSEAL_FRAME_TOO_LARGE", ts::frame_parse(frame, 4));
  EXPECT_ERROR("TSEAL_TRUNCATED", ts::frame_parse(ts::bytes_view(frame.data(), 10)));
  std::vector<uint8_t> signal = unhex(
      "01000000016f9619ff8b86d011b42d00c04fc964ff000000000000002a0000018bcfe568000645555255534400000000000000"
      "000a02000000000001a65d05220992b6244a52a1c197358553b71d631c71f27f1f5d68c77009c2eec8de2f3c");
  signal.back() ^= 1;  // unverified: a bad tag still parses
  ts::signal_route claimed = ts::signal_parse(signal);
  CHECK(claimed.key_id == 1 && claimed.subscription_id == UUID && claimed.sequence == 42);
  EXPECT_ERROR("TSEAL_TRUNCATED", ts::signal_parse(ts::bytes_view()));
}

void keys() {
  ts::master_key master = ts::master_key::from_bytes(unhex(MASTER));
  CHECK(master.derive("tradeseal/mac", "channel-7", 32) == unhex(DERIVED_MAC));
  CHECK(master.mac_key("channel-7").sign("msg") == ts::mac_key::from_bytes(unhex(DERIVED_MAC)).sign("msg"));
  std::vector<uint8_t> sealed = ts::sealing_key::from_bytes(TSEAL_AEAD_AES_256_GCM, unhex(DERIVED_AES)).seal("", "hi");
  CHECK(master.sealing_key(TSEAL_AEAD_AES_256_GCM, "channel-7").open("", sealed) == std::vector<uint8_t>{'h', 'i'});
  CHECK(master.ed25519_key("").public_key() == ts::ed25519_key::from_seed(unhex(DERIVED_ED25519)).public_key());
  EXPECT_ERROR("TSEAL_UNSUPPORTED_ALGORITHM", master.sealing_key(0, "x"));
  EXPECT_ERROR("TSEAL_INVALID_ARGUMENT", master.derive("", "", 32));
  EXPECT_ERROR("TSEAL_KEY_TOO_SHORT", ts::master_key::from_bytes(std::vector<uint8_t>(31)));
  CHECK(ts::master_key::generate().derive("app", "", 16).size() == 16);

  // tests/vectors/kdf.json "argon2id-min-cost".
  std::vector<uint8_t> salt = unhex("21282f363d444b525960676e757c838a");
  ts::master_key from_password =
      ts::master_key::from_password("correct horse battery staple", salt, ts::password_params{19456, 2, 1});
  ts::master_key stretched =
      ts::master_key::from_bytes(unhex("f63bf0041967f5619ef5fc1eae9a56e4c7af308889ddd41d059347f1c2c056c3"));
  CHECK(from_password.derive("app", "", 32) == stretched.derive("app", "", 32));
  EXPECT_ERROR("TSEAL_SALT_TOO_SHORT", ts::master_key::from_password("pw", std::vector<uint8_t>(15)));
  EXPECT_ERROR("TSEAL_OUT_OF_RANGE", ts::master_key::from_password("pw", salt, ts::password_params{19456, 1, 1}));

  ts::keyring ring;
  std::vector<uint32_t> want;
  for (uint32_t id = 20; id > 0; --id) {  // more ids than the wrapper's first guess
    ring.insert(id, std::vector<uint8_t>(32, 1));
    want.push_back(id);
  }
  CHECK(ring.ids() == want);
  ts::sealing_keyring sealing;
  EXPECT_ERROR("TSEAL_NO_PRIMARY_KEY", sealing.primary_id());
  sealing.insert(4, TSEAL_AEAD_XCHACHA20_POLY1305, std::vector<uint8_t>(32, 2));
  sealing.promote(4);
  CHECK(sealing.primary_id() == 4 && sealing.ids() == std::vector<uint32_t>{4});

  CHECK(ts::mac_key::from_hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F").sign("") ==
        unhex("d38b42096d80f45f826b44a9d5607de72496a415d3f4a1a8c88e3bb9da8dc1cb"));
  EXPECT_ERROR("TSEAL_INVALID_HEX", ts::mac_key::from_hex("0g"));
  EXPECT_ERROR("TSEAL_KEY_TOO_SHORT", ts::mac_key::from_hex("0001"));

  std::vector<uint8_t> seed = unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  CHECK(ts::ed25519_key::from_seed(seed).seed() == seed);
  ts::ed25519_key generated = ts::ed25519_key::generate();
  CHECK(ts::ed25519_key::from_seed(generated.seed()).public_key() == generated.public_key());
}

void replay_and_limits() {
  ts::replay_window window = ts::replay_window::after(64, 100);
  CHECK(window.top() == 100);
  EXPECT_ERROR("TSEAL_REPLAYED", window.check(100));
  window.commit(105);
  CHECK(window.top() == 105);
  EXPECT_ERROR("TSEAL_OUT_OF_RANGE", ts::replay_window::after(100, 1));

  ts::nonce_cache cache(60000, 5000, 1);
  cache.check("key", 100000, "n", 100000);
  cache.insert("key", 100000, "n", 100000);
  EXPECT_ERROR("TSEAL_NONCE_REUSED", cache.check("key", 100000, "n", 100000));
  EXPECT_ERROR("TSEAL_STALE", cache.check("key", 1, "m", 100000));
  CHECK(cache.size() == 1);
  EXPECT_ERROR("TSEAL_NONCE_CACHE_FULL", cache.insert("other", 100000, "n", 100000));
  EXPECT_ERROR("TSEAL_OUT_OF_RANGE", ts::nonce_cache(60000, 5000, 0));

  ts::rate_limiter limiter(10, 2, 2);
  limiter.acquire("a", 0);
  limiter.acquire("b", 0);
  CHECK(limiter.tracked_keys() == 2);
  EXPECT_ERROR("TSEAL_RATE_LIMITED", limiter.acquire("c", 0));
  EXPECT_ERROR("TSEAL_OUT_OF_RANGE", ts::rate_limiter(10, 2, 0));
}

void names() {
  CHECK(ts::order_type_name(2) == "BUY_LIMIT" && ts::order_type_parse("SELL_STOP") == 5);
  EXPECT_ERROR("TSEAL_INVALID_ORDER_TYPE", ts::order_type_name(99));
  ts::symbol_check("EURUSD");
  EXPECT_ERROR("TSEAL_INVALID_SYMBOL", ts::symbol_check(""));
  CHECK(ts::stream_state_name(TSEAL_STREAM_STATE_NORMAL) == "NORMAL");
  EXPECT_ERROR("TSEAL_INVALID_ARGUMENT", ts::stream_state_name(7));
  CHECK(ts::aead_nonce_bytes(TSEAL_AEAD_CHACHA20_POLY1305) == 12);
  CHECK(ts::aead_algorithm_name(TSEAL_AEAD_XCHACHA20_POLY1305) == "XCHACHA20-POLY1305");
  CHECK(ts::sealing_key::generate(TSEAL_AEAD_AES_256_GCM).algorithm() == TSEAL_AEAD_AES_256_GCM);
  EXPECT_ERROR("TSEAL_UNSUPPORTED_ALGORITHM", ts::aead_nonce_bytes(9));
}

}  // namespace

int main() {
  text_and_numbers();
  gaps_and_clocks();
  signal_verifier_streams();
  parse_without_verify();
  keys();
  replay_and_limits();
  names();
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed != 0;
}
