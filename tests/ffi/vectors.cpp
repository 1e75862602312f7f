// Runs every tests/vectors/*.json file and the bad-input cases through the C++ wrapper (tradeseal.hpp).
//
// Usage: vectors_cpp <tests/vectors directory>
// Same generic loop as the C runner: `out` must match exactly, `error` must be the TSEAL_* name of the
// thrown tradeseal::error, every `tamper` entry must fail with its error; an unknown op fails the run.
// Closing line: "N passed, N failed"; exit status 1 on any failure.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <unistd.h>

#include "tradeseal.hpp"

using json = nlohmann::json;
namespace ts = tradeseal;

namespace {

int passed = 0, failed = 0;

void check(bool ok, const std::string& what, const std::string& detail) {
  if (ok) {
    ++passed;
  } else {
    ++failed;
    std::cout << "FAIL " << what << ": " << detail << "\n";
  }
}

// The test's own hex, independent of the library.
std::vector<uint8_t> unhex(const std::string& hex) {
  std::vector<uint8_t> out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
  return out;
}

std::string tohex(const std::vector<uint8_t>& bytes) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
  return out;
}

std::vector<uint8_t> bytes(const json& in, const char* name) { return unhex(in.at(name).get<std::string>()); }
std::string text(const json& in, const char* name) { return in.at(name).get<std::string>(); }
uint64_t u64(const json& in, const char* name) { return std::stoull(text(in, name)); }
int64_t i64(const json& in, const char* name) { return std::stoll(text(in, name)); }
uint8_t u8(const json& in, const char* name) { return static_cast<uint8_t>(in.at(name).get<uint64_t>()); }
double f64(const json& in, const char* name) { return std::strtod(text(in, name).c_str(), nullptr); }

ts::mac_key key(const json& in) { return ts::mac_key::from_bytes(bytes(in, "key")); }

ts::keyring keyring(const json& in) {
  ts::keyring ring;
  for (const json& entry : in.at("keys")) {
    uint32_t id = entry.at("id").get<uint32_t>();
    ring.insert(id, bytes(entry, "key"));
    if (entry.at("primary").get<bool>()) ring.promote(id);
  }
  return ring;
}

json signal_out(const ts::signal& s) {
  return {{"subscription_id", s.subscription_id},
          {"sequence_str", std::to_string(s.sequence)},
          {"generated_at_ms_str", std::to_string(s.generated_at_ms)},
          {"symbol", s.symbol},
          {"order_type", s.order_type},
          {"volume_units_str", std::to_string(s.volume.units)},
          {"volume_decimals", s.volume.decimals},
          {"price_units_str", std::to_string(s.price.units)},
          {"price_decimals", s.price.decimals}};
}

// Runs one step: "OK" or the TSEAL_* name it failed with.
template <class F>
std::string run_step(F&& f) {
  try {
    f();
    return "OK";
  } catch (const ts::error& e) {
    return e.name();
  }
}

// Runs `each` on every step of `in.steps`: {"verdicts": [...]}.
template <class F>
json steps(const json& in, F&& each) {
  json verdicts = json::array();
  for (const json& step : in.at("steps")) verdicts.push_back(run_step([&] { each(step); }));
  return json{{"verdicts", verdicts}};
}

// Each op converts `in`, calls the wrapper and returns `out`; failures throw tradeseal::error.
// One side of a noise_transcript case, built as tests/vectors/README.md describes (time is always 0).
ts::noise_session noise_side(const json& in, bool initiator) {
  const std::string me = initiator ? "init" : "resp", peer = initiator ? "resp" : "init";
  const std::string protocol = text(in, "protocol"), mode = text(in, "mode");
  ts::noise_builder b(protocol);
  b.prologue(bytes(in, "prologue"));
  b.transport_mode(mode == "stream" ? TSEAL_NOISE_STREAM : mode == "datagram" ? TSEAL_NOISE_DATAGRAM : 0);
  const ts::noise_limits d = ts::noise_default_limits();
  b.limits(d.max_age_ms, d.max_messages, d.idle_timeout_ms, in.at("rekey_interval").get<uint64_t>());
  b.fixed_ephemeral_key_for_testing_only(bytes(in, (me + "_ephemeral").c_str()));
  const auto local = bytes(in, (me + "_static").c_str());
  if (!local.empty()) b.local_private_key(local);
  const auto psk = bytes(in, "psk");
  if (!psk.empty()) b.psk(psk);
  const auto peer_public = bytes(in, (peer + "_static_public").c_str());
  const bool knows_responder = protocol.rfind("Noise_IK_", 0) == 0 || protocol.rfind("Noise_NK_", 0) == 0;
  if (initiator && knows_responder)
    b.remote_public_key(peer_public);
  else if (!peer_public.empty())
    b.allow_peer(peer_public);
  return initiator ? b.build_initiator(0) : b.build_responder(0);
}

// The case's `keys: [{id, algorithm, key, primary}]` as a sealing keyring.
ts::sealing_keyring sealing_keyring(const json& in) {
  ts::sealing_keyring ring;
  for (const json& entry : in.at("keys")) {
    uint32_t id = entry.at("id").get<uint32_t>();
    ring.insert(id, u8(entry, "algorithm"), bytes(entry, "key"));
    if (entry.at("primary").get<bool>()) ring.promote(id);
  }
  return ring;
}

// noise_import (noise_session.json): import with the case's builder settings, then read `msg<i>` or write
// `payload<i>` for each step at `now_ms`.
json noise_import(const json& in) {
  const std::string mode = text(in, "mode");
  ts::noise_builder b(text(in, "protocol"));
  b.transport_mode(mode == "stream" ? TSEAL_NOISE_STREAM : mode == "datagram" ? TSEAL_NOISE_DATAGRAM : 0);
  b.limits(in.at("max_age_ms").get<uint64_t>(), in.at("max_messages").get<uint64_t>(),
           in.at("idle_timeout_ms").get<uint64_t>(), in.at("rekey_interval").get<uint64_t>());
  const auto local = bytes(in, "local_static"), remote = bytes(in, "remote_public"), psk = bytes(in, "psk"),
             allow = bytes(in, "allow_peer");
  if (!local.empty()) b.local_private_key(local);
  if (!remote.empty()) b.remote_public_key(remote);
  if (!psk.empty()) b.psk(psk);
  if (!allow.empty()) b.allow_peer(allow);
  const uint64_t now = in.at("now_ms").get<uint64_t>();
  const ts::noise_session session = b.import_session(now, sealing_keyring(in), bytes(in, "exported"));
  json out{{"handshake_hash", tohex(session.handshake_hash())}, {"remote_static", tohex(session.remote_static())}};
  for (uint64_t i = 0; i < in.at("count").get<uint64_t>(); i++) {
    const std::string msg = "msg" + std::to_string(i), payload = "payload" + std::to_string(i);
    if (in.contains(msg))
      out[payload] = tohex(session.read(now, bytes(in, msg.c_str())));
    else
      out[msg] = tohex(session.write(now, bytes(in, payload.c_str())));
  }
  return out;
}

json noise_transcript(const json& in) {
  const ts::noise_session init = noise_side(in, true), resp = noise_side(in, false);
  const ts::noise_session* side[2] = {&init, &resp};
  json out;
  for (uint64_t i = 0; i < in.at("count").get<uint64_t>(); i++) {
    const std::string msg = "msg" + std::to_string(i), payload = "payload" + std::to_string(i);
    out[msg] = tohex(side[i % 2]->write(0, bytes(in, payload.c_str())));
    out[payload] = tohex(side[1 - i % 2]->read(0, bytes(in, msg.c_str())));
  }
  out["handshake_hash"] = tohex(init.handshake_hash());
  return out;
}

const std::map<std::string, std::function<json(const json&)>> OPS = {
    {"mac_sign", [](const json& in) { return json{{"tag", tohex(key(in).sign(bytes(in, "message")))}}; }},
    {"mac_verify",
     [](const json& in) {
       key(in).verify(bytes(in, "message"), bytes(in, "tag"));
       return json::object();
     }},
    {"frame_sign",
     [](const json& in) {
       auto signed_frame = ts::frame_sign(keyring(in), u64(in, "stream_id_str"), u64(in, "sequence_str"),
                                          u64(in, "timestamp_ns_str"), bytes(in, "payload"));
       return json{{"signed", tohex(signed_frame)}};
     }},
    {"frame_verify",
     [](const json& in) {
       auto f = ts::frame_verify(keyring(in), bytes(in, "signed"), in.at("max_payload").get<size_t>());
       return json{{"key_id", f.key_id},
                   {"payload", tohex(f.payload)},
                   {"stream_id_str", std::to_string(f.stream_id)},
                   {"sequence_str", std::to_string(f.sequence)},
                   {"timestamp_ns_str", std::to_string(f.timestamp_ns)}};
     }},
    {"decimal_from_f64",
     [](const json& in) {
       return json{{"units_str", std::to_string(ts::decimal_from_f64(f64(in, "value"), u8(in, "decimals")).units)}};
     }},
    {"signal_sign",
     [](const json& in) {
       ts::signal s;
       s.subscription_id = text(in, "subscription_id");
       s.sequence = u64(in, "sequence_str");
       s.generated_at_ms = u64(in, "generated_at_ms_str");
       s.symbol = text(in, "symbol");
       s.order_type = u8(in, "order_type");
       s.volume = {i64(in, "volume_units_str"), u8(in, "volume_decimals")};
       s.price = {i64(in, "price_units_str"), u8(in, "price_decimals")};
       return json{{"signed", tohex(ts::signal_sign(keyring(in), s))}};
     }},
    {"signal_verify",
     [](const json& in) {
       auto v = ts::signal_verify(keyring(in), bytes(in, "signed"));
       json out = signal_out(v.message);
       out["key_id"] = v.key_id;
       return out;
     }},
    {"legacy_sign",
     [](const json& in) {
       auto signed_line = ts::legacy_sign(key(in), text(in, "subscription_id"), u64(in, "sequence_str"),
                                          u64(in, "generated_at_ms_str"), text(in, "symbol"), u8(in, "order_type"),
                                          f64(in, "volume"), f64(in, "price"));
       return json{{"line", signed_line.line}, {"signature", signed_line.signature}};
     }},
    {"legacy_verify",
     [](const json& in) { return signal_out(ts::legacy_verify(key(in), text(in, "line"), text(in, "signature"))); }},
    {"request_sign",
     [](const json& in) {
       std::string signature = ts::request_sign(key(in), text(in, "api_key"), text(in, "method"), text(in, "path"),
                                                u64(in, "timestamp_ms_str"), text(in, "nonce"), bytes(in, "body"));
       return json{{"x_api_key", text(in, "api_key")},
                   {"x_timestamp", std::to_string(u64(in, "timestamp_ms_str"))},
                   {"x_nonce", text(in, "nonce")},
                   {"x_signature", signature}};
     }},
    {"request_verify",
     [](const json& in) {
       ts::request_verify(key(in), text(in, "method"), text(in, "path"), text(in, "timestamp"), text(in, "nonce"),
                          bytes(in, "body"), text(in, "signature"));
       return json::object();
     }},
    // Replay protection, limits and pipelines: one object, then `steps`, one verdict per step.
    {"replay_window",
     [](const json& in) {
       ts::replay_window w(in.at("window").get<uint64_t>());
       return steps(in, [&](const json& step) {
         uint64_t seq = u64(step, "seq_str");
         w.check(seq);
         if (step.at("commit").get<bool>()) w.commit(seq);
       });
     }},
    {"time_window",
     [](const json& in) {
       ts::time_window_check(in.at("max_age_ms").get<uint64_t>(), in.at("max_future_ms").get<uint64_t>(),
                             u64(in, "timestamp_ms_str"), u64(in, "now_ms_str"));
       return json::object();
     }},
    {"nonce_cache",
     [](const json& in) {
       ts::nonce_cache cache(in.at("max_age_ms").get<uint64_t>(), in.at("max_future_ms").get<uint64_t>(),
                             in.at("capacity").get<size_t>());
       return steps(in, [&](const json& step) {
         cache.insert(text(step, "scope"), u64(step, "timestamp_ms_str"), text(step, "nonce"), u64(step, "now_ms_str"));
       });
     }},
    {"rate_limit",
     [](const json& in) {
       ts::rate_limiter limiter(in.at("per_second").get<uint32_t>(), in.at("burst").get<uint32_t>(),
                                in.at("max_keys").get<size_t>());
       return steps(in, [&](const json& step) { limiter.acquire(text(step, "key"), u64(step, "now_ms_str")); });
     }},
    {"price_guard",
     [](const json& in) {
       ts::price_guard_check(in.at("max_pips").get<uint64_t>(), ts::decimal_parse(text(in, "pip")),
                             ts::decimal_parse(text(in, "price")), ts::decimal_parse(text(in, "reference")));
       return json::object();
     }},
    {"stream_guard",
     [](const json& in) {
       ts::guard g(in.at("window").get<uint64_t>(), in.at("max_gap_age_ms").get<uint64_t>(),
                   in.at("max_missing").get<uint64_t>(), in.at("max_streams").get<size_t>());
       json results = json::array();
       for (const json& step : in.at("steps")) {
         std::string stream = text(step, "stream");
         uint64_t now = u64(step, "now_ms_str");
         std::string verdict = run_step([&] {
           if (text(step, "action") == "accept") {
             g.accept(stream, u64(step, "seq_str"), now);
           } else {
             g.resync(stream);
           }
         });
         json missing = json::array();
         for (auto [first, last] : g.missing(stream)) missing.push_back(std::to_string(first) + "-" + std::to_string(last));
         static const char* const states[] = {"NORMAL", "GAP", "DEGRADED"};
         uint8_t state = g.state(stream, now);
         results.push_back({{"verdict", verdict}, {"state", state < 3 ? states[state] : "?"}, {"missing", missing}});
       }
       return json{{"steps", results}};
     }},
    {"guard_state",
     [](const json& in) {
       // `file` (if given) written to a fresh path, a guard opened there, accept steps at time 0.
       static int runs = 0;
       auto path = std::filesystem::temp_directory_path() /
                   ("tseal-guard-state-cpp-" + std::to_string(getpid()) + "-" + std::to_string(runs++));
       struct cleanup {
         std::filesystem::path p;
         ~cleanup() {
           std::filesystem::remove(p);
           std::filesystem::remove(p.string() + ".tmp");
         }
       } remove_after{path};
       if (in.contains("file")) {
         auto file = bytes(in, "file");
         std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(file.data()), file.size());
       }
       auto g = ts::guard::open(path.string(), in.at("window").get<uint64_t>());
       json verdicts = json::array();
       for (const json& step : in.at("steps")) {
         verdicts.push_back(run_step([&] { g.accept(text(step, "stream"), u64(step, "seq_str"), 0); }));
       }
       std::ifstream f(path, std::ios::binary);
       std::vector<uint8_t> after((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
       return json{{"verdicts", verdicts}, {"file", tohex(after)}};
     }},
    {"signal_pipeline",
     [](const json& in) {
       auto ring = keyring(in);
       ts::signal_verifier v(in.at("max_age_ms").get<uint64_t>(), in.at("max_future_ms").get<uint64_t>(),
                             ts::decimal_parse(text(in, "max_volume")), in.at("window").get<uint64_t>());
       return steps(in, [&](const json& step) { v.verify(ring, bytes(step, "signed"), u64(step, "now_ms_str")); });
     }},
    {"request_pipeline",
     [](const json& in) {
       auto secret = key(in);
       bool limited = in.contains("per_second");
       ts::request_verifier v(in.at("max_age_ms").get<uint64_t>(), in.at("max_future_ms").get<uint64_t>(),
                              in.at("nonce_capacity").get<size_t>(), limited ? in.at("per_second").get<uint32_t>() : 0,
                              limited ? in.at("burst").get<uint32_t>() : 0, limited ? in.at("max_keys").get<size_t>() : 0);
       return steps(in, [&](const json& step) {
         v.verify(secret, text(step, "api_key"), text(step, "method"), text(step, "path"), text(step, "timestamp"),
                  text(step, "nonce"), bytes(step, "body"), text(step, "signature"), u64(step, "now_ms_str"));
       });
     }},
    // AEAD, envelopes, key derivation, Ed25519.
    {"aead_seal",
     [](const json& in) {
       auto key = ts::less_safe_key::from_bytes(u8(in, "algorithm"), bytes(in, "key"));
       return json{{"sealed", tohex(key.seal(bytes(in, "explicit_nonce"), bytes(in, "aad"), bytes(in, "plaintext")))}};
     }},
    {"aead_open",
     [](const json& in) {
       auto key = ts::less_safe_key::from_bytes(u8(in, "algorithm"), bytes(in, "key"));
       return json{{"plaintext", tohex(key.open(bytes(in, "explicit_nonce"), bytes(in, "aad"), bytes(in, "sealed")))}};
     }},
    {"envelope_seal",
     [](const json& in) {
       for (const json& entry : in.at("keys")) {
         if (!entry.at("primary").get<bool>()) continue;
         auto key = ts::less_safe_key::from_bytes(u8(entry, "algorithm"), bytes(entry, "key"));
         return json{{"envelope", tohex(ts::envelope_seal_with_nonce_less_safe(entry.at("id").get<uint32_t>(), key,
                                                                                bytes(in, "explicit_nonce"),
                                                                                bytes(in, "aad"), bytes(in, "plaintext")))}};
       }
       throw ts::error(TSEAL_NO_PRIMARY_KEY);  // the op's definition: no primary entry, nothing to seal with
     }},
    {"envelope_open",
     [](const json& in) {
       return json{{"plaintext", tohex(sealing_keyring(in).open(bytes(in, "aad"), bytes(in, "envelope")))}};
     }},
    {"hkdf_extract",
     [](const json& in) { return json{{"prk", tohex(ts::hkdf_extract(bytes(in, "salt"), bytes(in, "ikm")))}}; }},
    {"hkdf_expand",
     [](const json& in) {
       return json{{"okm", tohex(ts::hkdf_expand(bytes(in, "prk"), bytes(in, "info"), in.at("length").get<size_t>()))}};
     }},
    {"kdf_derive",
     [](const json& in) {
       return json{{"okm", tohex(ts::kdf_derive(bytes(in, "master"), text(in, "label"), bytes(in, "context"),
                                                in.at("length").get<size_t>()))}};
     }},
    {"argon2id",
     [](const json& in) {
       return json{{"key", tohex(ts::argon2id(bytes(in, "password"), bytes(in, "salt"), in.at("memory_kib").get<uint32_t>(),
                                              in.at("passes").get<uint32_t>(), in.at("lanes").get<uint32_t>(),
                                              in.at("length").get<size_t>()))}};
     }},
    {"ed25519_sign",
     [](const json& in) {
       auto key = ts::ed25519_key::from_seed(bytes(in, "seed"));
       return json{{"public_key", tohex(key.public_key())}, {"sig", tohex(key.sign(bytes(in, "message")))}};
     }},
    {"ed25519_verify",
     [](const json& in) {
       ts::ed25519_verify(bytes(in, "public_key"), bytes(in, "message"), bytes(in, "sig"));
       return json::object();
     }},
    {"noise_transcript", noise_transcript},
    {"noise_import", noise_import},
};

// Byte-valued inputs (hex in JSON); every other string input is text, tampered in its UTF-8 bytes.
bool is_byte_input(const std::string& name) {
  auto numbered = [&](const std::string& prefix) {
    return name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
           std::isdigit(static_cast<unsigned char>(name[prefix.size()]));
  };
  if (numbered("msg") || numbered("payload")) return true;
  for (const char* b : {"file", "key", "message", "tag", "signed", "payload", "body", "explicit_nonce", "sealed", "aad",
                        "envelope", "public_key", "sig", "prologue", "psk", "init_static", "resp_static",
                        "init_static_public", "resp_static_public", "init_ephemeral", "resp_ephemeral", "exported",
                        "local_static", "remote_public", "allow_peer"})
    if (name == b) return true;
  return false;
}

json tampered(json in, const std::string& name, size_t offset, uint8_t mask) {
  std::string value = in.at(name).get<std::string>();
  if (is_byte_input(name)) {
    auto b = unhex(value);
    b.at(offset) ^= mask;
    in[name] = tohex(b);
  } else {
    value.at(offset) = static_cast<char>(value.at(offset) ^ mask);
    in[name] = value;
  }
  return in;
}

// The op's output, or the TSEAL_* name it failed with.
std::pair<json, std::string> run(const std::function<json(const json&)>& op, const json& in) {
  try {
    return {op(in), "TSEAL_OK"};
  } catch (const ts::error& e) {
    return {json(), e.name()};
  }
}

void run_case(const std::string& file, const json& c) {
  std::string what = file + "/" + c.at("name").get<std::string>();
  auto op = OPS.find(c.at("op").get<std::string>());
  if (op == OPS.end()) {
    check(false, what, "unknown op");
    return;
  }
  const json& in = c.at("in");
  auto [out, status] = run(op->second, in);
  if (c.contains("error")) {
    check(status == c.at("error").get<std::string>(), what, status);
  } else {
    check(status == "TSEAL_OK" && out == c.at("out"), what, status + " " + out.dump());
  }
  for (const json& t : c.value("tamper", json::array())) {
    std::string input = t.at("input").get<std::string>();
    auto changed = tampered(in, input, t.at("offset").get<size_t>(), t.at("mask").get<uint8_t>());
    std::string tamper_status = run(op->second, changed).second;
    check(tamper_status == t.at("error").get<std::string>(), what + " tamper " + input, tamper_status);
  }
}

void run_vector_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  check(!files.empty(), dir.string(), "no vector files");
  for (const auto& path : files) {
    std::ifstream f(path);
    json doc = json::parse(f);
    int before = passed + failed;
    for (const json& c : doc.at("cases")) run_case(path.filename().string(), c);
    std::cout << path.filename().string() << ": " << (passed + failed - before) << " checks\n";
  }
}

// Expects `f` to throw the error named `name`.
template <class F>
void expect_error(const std::string& what, const char* name, F&& f) {
  try {
    f();
    check(false, what, std::string("no error, expected ") + name);
  } catch (const ts::error& e) {
    check(std::string(e.name()) == name && e.code() != TSEAL_OK, what, e.name());
  }
}

void bad_input() {
  std::vector<uint8_t> short_key(31, 7), key_bytes(32, 7);
  expect_error("short key", "TSEAL_KEY_TOO_SHORT", [&] { ts::mac_key::from_bytes(short_key); });
  expect_error("empty key", "TSEAL_KEY_TOO_SHORT", [&] { ts::mac_key::from_short_bytes(ts::bytes_view()); });
  auto k = ts::mac_key::from_bytes(key_bytes);
  auto tag = k.sign(ts::bytes_view());  // empty message, NULL pointer with length 0
  check(tag.size() == TSEAL_MAC_TAG_BYTES, "empty message", "tag length");
  k.verify(ts::bytes_view(), tag);
  expect_error("truncated tag", "TSEAL_INVALID_SIGNATURE", [&] { k.verify("", ts::bytes_view(tag.data(), 16)); });
  expect_error("NULL data with a length", "TSEAL_NULL_POINTER", [&] { k.verify(ts::bytes_view(nullptr, 4), tag); });
  auto moved = std::move(k);  // move-only handle: the moved-from key holds NULL
  expect_error("moved-from handle", "TSEAL_NULL_POINTER", [&] { k.sign("x"); });
  moved.verify(ts::bytes_view(), tag);

  ts::keyring ring;
  expect_error("no primary", "TSEAL_NO_PRIMARY_KEY", [&] { ring.sign("m"); });
  ring.insert(1, key_bytes);
  expect_error("duplicate id", "TSEAL_DUPLICATE_KEY_ID", [&] { ring.insert(1, key_bytes); });
  ring.promote(1);
  auto signed_tag = ring.sign("m");
  check(signed_tag.key_id == 1 && signed_tag.tag == moved.sign("m"), "keyring sign", "wrong tag");
  expect_error("unknown key", "TSEAL_UNKNOWN_KEY", [&] { ring.verify(2, "m", signed_tag.tag); });
  expect_error("retire primary", "TSEAL_WRONG_STATE", [&] { ring.retire(1); });

  // Outputs larger than the wrapper's first guess are retried with the size the library reports.
  std::vector<uint8_t> payload(100000, 0x5a);
  auto big = ts::frame_sign(ring, 1, 2, 3, payload);
  check(ts::frame_verify(ring, big).payload == payload, "large frame round trip", "payload differs");
  expect_error("frame over caller limit", "TSEAL_FRAME_TOO_LARGE", [&] { ts::frame_verify(ring, big, 10); });

  check(ts::utf16_to_utf8(u"EUR\u20ac\U0001F600") == "EUR\xE2\x82\xAC\xF0\x9F\x98\x80", "utf16", "bytes");
  const char16_t lone[] = {u'A', static_cast<char16_t>(0xD800)};
  expect_error("lone surrogate", "TSEAL_INVALID_UTF16", [&] { ts::utf16_to_utf8(std::u16string_view(lone, 2)); });
  check(ts::hex_decode(ts::hex_encode(key_bytes)) == key_bytes, "hex round trip", "differs");
  expect_error("bad hex", "TSEAL_INVALID_HEX", [&] { ts::hex_decode("abc"); });
  check(ts::random_bytes(32).size() == 32, "random bytes", "length");
  check(ts::version() == tseal_version() && ts::abi_version() == TSEAL_ABI_VERSION, "version", "mismatch");
  try {
    ts::mac_key::from_bytes(short_key);
  } catch (const ts::error& e) {
    check(std::string(e.what()).rfind("TSEAL_KEY_TOO_SHORT", 0) == 0, "error message", e.what());
  }
}

// A sealing key through the wrapper: in-place sealing and the message limit.
void sealing_key_checks() {
  const std::vector<uint8_t> key_bytes(32, 7);
  const std::string plain = "BUY 1.00 EURUSD";
  auto key = ts::sealing_key::from_bytes(TSEAL_AEAD_AES_256_GCM, key_bytes);
  const size_t start = ts::aead_nonce_bytes(TSEAL_AEAD_AES_256_GCM);
  std::vector<uint8_t> sealed_box(start + plain.size() + TSEAL_AEAD_TAG_BYTES);
  std::copy(plain.begin(), plain.end(), sealed_box.begin() + start);
  key.seal_in_place("ad", sealed_box.data(), sealed_box.size());
  auto opened = key.open("ad", sealed_box);
  check(std::string(opened.begin(), opened.end()) == plain, "seal_in_place round trip", "differs");
  key.set_limit_for_testing_only(0);
  expect_error("exhausted key", "TSEAL_KEY_EXHAUSTED", [&] { key.seal("", "x"); });
}

// An XX handshake and a transport message between two sessions through the wrapper.
void noise_round_trip() {
  auto alice = ts::noise_keypair_generate(), bob = ts::noise_keypair_generate();
  ts::noise_builder a, b;
  a.prologue("demo").local_private_key(alice.private_key).allow_peer(bob.public_key);
  b.prologue("demo").local_private_key(bob.private_key).allow_peer(alice.public_key);
  expect_error("noise setting twice", "TSEAL_ALREADY_SET", [&] { a.prologue("again"); });
  auto initiator = a.build_initiator(1000), responder = b.build_responder(1000);
  responder.read(1000, initiator.write(1000, ts::bytes_view()));
  initiator.read(1000, responder.write(1000, ts::bytes_view()));
  responder.read(1000, initiator.write(1000, ts::bytes_view()));
  check(responder.state() == TSEAL_NOISE_TRANSPORT && initiator.handshake_hash() == responder.handshake_hash(),
        "noise handshake", "not in transport or hashes differ");
  auto wire = initiator.write(1001, "SELL 2");
  auto payload = responder.read(1001, wire);
  check(std::string(payload.begin(), payload.end()) == "SELL 2", "noise payload", "differs");
  expect_error("noise replayed message", "TSEAL_DECRYPT_FAILED", [&] { responder.read(1001, wire); });
  expect_error("noise unknown protocol", "TSEAL_UNSUPPORTED_ALGORITHM", [&] { ts::noise_builder("Noise_XX"); });

  check(initiator.is_initiator() && !responder.is_initiator() &&
            initiator.protocol() == "Noise_XX_25519_ChaChaPoly_SHA256" && initiator.remote_static() == bob.public_key &&
            !initiator.is_near_expiry(1001),
        "noise session queries", "wrong answer");
  // Stream frames, fed one byte at a time.
  auto frames = ts::noise_encode_frame("BUY 1");
  auto more = ts::noise_encode_frame("");
  frames.insert(frames.end(), more.begin(), more.end());
  ts::noise_frame_decoder decoder;
  std::vector<std::string> messages;
  for (size_t i = 0; i < frames.size(); i += decoder.feed(ts::bytes_view(frames.data() + i, 1))) {
    if (auto frame = decoder.take()) messages.emplace_back(frame->begin(), frame->end());
  }
  if (auto frame = decoder.take()) messages.emplace_back(frame->begin(), frame->end());
  check(messages == std::vector<std::string>{"BUY 1", ""}, "noise frames", "differ");
  // A stream export hands the session off to the imported copy; renewal starts a new handshake.
  ts::sealing_keyring keys;
  keys.insert(1, TSEAL_AEAD_AES_256_GCM, std::vector<uint8_t>(TSEAL_AEAD_KEY_BYTES, 3));
  keys.promote(1);
  expect_error("noise export with a reservation", "TSEAL_INVALID_ARGUMENT", [&] { initiator.export_session(1002, keys, 5); });
  auto saved = initiator.export_session(1002, keys, 0);
  check(initiator.state() == TSEAL_NOISE_EXPIRED, "noise export hands off", "live session still usable");
  ts::noise_builder c;
  c.prologue("demo").local_private_key(alice.private_key).allow_peer(bob.public_key);
  auto restored = c.import_session(1003, keys, saved);
  payload = responder.read(1003, restored.write(1003, "after"));
  check(std::string(payload.begin(), payload.end()) == "after", "noise imported session", "differs");
  expect_error("noise import twice from one builder", "TSEAL_WRONG_STATE", [&] { c.import_session(1003, keys, saved); });
  auto renewed = restored.renew(1004);
  check(renewed.state() == TSEAL_NOISE_HANDSHAKING && renewed.is_my_turn(), "noise renew", "not handshaking");
  expect_error("noise remote static while handshaking", "TSEAL_WRONG_STATE", [&] { renewed.remote_static(); });

  // A C callback as the responder's peer check (a captureless lambda converts to the function pointer).
  int calls = 0;
  ts::noise_builder checked, plain;
  checked.local_private_key(bob.private_key).peer_verifier(
      [](void* ctx, const uint8_t*, size_t) -> tseal_status { return ++*static_cast<int*>(ctx), TSEAL_OK; }, &calls);
  plain.local_private_key(alice.private_key).allow_peer(bob.public_key);
  auto ci = plain.build_initiator(0), cr = checked.build_responder(0);
  cr.read(0, ci.write(0, ts::bytes_view()));
  ci.read(0, cr.write(0, ts::bytes_view()));
  cr.read(0, ci.write(0, ts::bytes_view()));
  check(calls == 1 && cr.state() == TSEAL_NOISE_TRANSPORT && cr.remote_static() == alice.public_key,
        "noise peer verifier callback", "not called once or peer not allowed");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " <tests/vectors directory>\n";
    return 2;
  }
  std::cout << "tradeseal " << ts::version() << " (C ABI " << ts::abi_version() << "), C++ runner\n";
  try {
    run_vector_files(argv[1]);
    bad_input();
    sealing_key_checks();
    noise_round_trip();
  } catch (const std::exception& e) {
    check(false, "unexpected exception", e.what());
  }
  std::cout << passed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
