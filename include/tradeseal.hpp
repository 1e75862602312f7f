// tradeseal C++17 wrapper: header-only RAII over the C ABI in tradeseal.h.
//
// - Handles (mac_key, keyring) are move-only and free themselves.
// - Inputs are `bytes_view`s (pointer + size; made from std::vector<uint8_t>, std::string, std::string_view,
//   std::array or a pointer and a size); byte outputs are std::vector<uint8_t>, text outputs std::string.
// - Every failure throws tradeseal::error carrying the TSEAL_* name and code (error::name(), error::code()).
// - No logic of its own: each function calls one C function; all checks happen in the library.
//
// Link with -ltradeseal (see README.md, "C and C++").
#ifndef TRADESEAL_HPP
#define TRADESEAL_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tradeseal.h"

namespace tradeseal {

// A failed call: code() is the tseal_status, name() its TSEAL_* name, what() the library's message.
class error : public std::runtime_error {
 public:
  explicit error(tseal_status status) : std::runtime_error(message(status)), status_(status) {}
  tseal_status code() const noexcept { return status_; }
  const char* name() const noexcept { return tseal_status_name(status_); }

 private:
  static std::string message(tseal_status status) {
    std::string text(256, '\0');
    size_t len = text.size();
    if (tseal_last_error_message(reinterpret_cast<uint8_t*>(&text[0]), &len) != TSEAL_OK) {
      return tseal_status_name(status);
    }
    text.resize(len);
    return text;
  }
  tseal_status status_;
};

// A read-only view of bytes: pointer and size.
class bytes_view {
 public:
  constexpr bytes_view() noexcept = default;
  constexpr bytes_view(const uint8_t* data, size_t size) noexcept : data_(data), size_(size) {}
  bytes_view(const std::vector<uint8_t>& v) noexcept : data_(v.data()), size_(v.size()) {}
  bytes_view(std::string_view s) noexcept
      : data_(reinterpret_cast<const uint8_t*>(s.data())), size_(s.size()) {}
  bytes_view(const std::string& s) noexcept : bytes_view(std::string_view(s)) {}
  bytes_view(const char* s) noexcept : bytes_view(std::string_view(s)) {}
  template <size_t N>
  constexpr bytes_view(const std::array<uint8_t, N>& a) noexcept : data_(a.data()), size_(N) {}
  constexpr const uint8_t* data() const noexcept { return data_; }
  constexpr size_t size() const noexcept { return size_; }

 private:
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
};

namespace detail {

inline void check(tseal_status status) {
  if (status != TSEAL_OK) throw error(status);
}

// Calls `call(out, &len)` with `capacity` bytes, once more with the size the library asks for if that was
// too small, and returns the bytes written as a container of `Out`.
template <class Out, class Call>
Out output(size_t capacity, Call&& call) {
  Out out(capacity, typename Out::value_type{});
  size_t len = out.size();
  tseal_status status = call(reinterpret_cast<uint8_t*>(out.data()), &len);
  if (status == TSEAL_BUFFER_TOO_SMALL) {
    out.resize(len);
    status = call(reinterpret_cast<uint8_t*>(out.data()), &len);
  }
  check(status);
  out.resize(len);
  return out;
}

// Like output(), for C functions that write `T`s (key ids, sequence numbers) instead of bytes.
template <class T, class Call>
std::vector<T> items(size_t capacity, Call&& call) {
  std::vector<T> out(capacity);
  size_t len = out.size();
  tseal_status status = call(out.data(), &len);
  if (status == TSEAL_BUFFER_TOO_SMALL) {
    out.resize(len);
    status = call(out.data(), &len);
  }
  check(status);
  out.resize(len);
  return out;
}

// Calls a C function writing missing sequence ranges as (first, last) pairs and returns the pairs.
template <class Call>
std::vector<std::pair<uint64_t, uint64_t>> ranges(Call&& call) {
  std::vector<uint64_t> flat = items<uint64_t>(2 * TSEAL_MAX_GAP_RANGES, call);
  std::vector<std::pair<uint64_t, uint64_t>> pairs;
  for (size_t i = 0; i + 1 < flat.size(); i += 2) pairs.emplace_back(flat[i], flat[i + 1]);
  return pairs;
}

// Calls a C function writing an optional estimate as (known, value).
template <class Call>
std::optional<int64_t> estimate(Call&& call) {
  uint8_t known = 0;
  int64_t value = 0;
  check(call(&known, &value));
  return known ? std::optional<int64_t>(value) : std::nullopt;
}

// Move-only owner of a C handle.
template <class T, void (*Free)(T*)>
class handle {
 public:
  handle() noexcept = default;
  explicit handle(T* raw) noexcept : raw_(raw) {}
  handle(handle&& other) noexcept : raw_(std::exchange(other.raw_, nullptr)) {}
  handle& operator=(handle&& other) noexcept {
    if (this != &other) {
      Free(raw_);
      raw_ = std::exchange(other.raw_, nullptr);
    }
    return *this;
  }
  handle(const handle&) = delete;
  handle& operator=(const handle&) = delete;
  ~handle() { Free(raw_); }
  using element_type = T;
  T* get() const noexcept { return raw_; }

 private:
  T* raw_ = nullptr;
};

}  // namespace detail

// ---- library ----------------------------------------------------------------------------------------

inline std::string version() { return tseal_version(); }
inline uint32_t abi_version() noexcept { return tseal_abi_version(); }

// ---- hex, randomness, text ----------------------------------------------------------------------------

inline std::string hex_encode(bytes_view bytes) {
  return detail::output<std::string>(2 * bytes.size(), [&](uint8_t* out, size_t* len) {
    return tseal_hex_encode(bytes.data(), bytes.size(), out, len);
  });
}

inline std::vector<uint8_t> hex_decode(std::string_view hex) {
  return detail::output<std::vector<uint8_t>>(hex.size() / 2, [&](uint8_t* out, size_t* len) {
    return tseal_hex_decode(reinterpret_cast<const uint8_t*>(hex.data()), hex.size(), out, len);
  });
}

inline std::vector<uint8_t> random_bytes(size_t n) {
  std::vector<uint8_t> out(n);
  detail::check(tseal_random_fill(out.data(), n));
  return out;
}

// Strict UTF-16 to UTF-8: an unpaired surrogate throws TSEAL_INVALID_UTF16.
inline std::string utf16_to_utf8(std::u16string_view text) {
  return detail::output<std::string>(3 * text.size(), [&](uint8_t* out, size_t* len) {
    return tseal_utf16_to_utf8(reinterpret_cast<const uint16_t*>(text.data()), text.size(), out, len);
  });
}

// ---- MAC keys and keyrings ----------------------------------------------------------------------------

// An HMAC-SHA256 key; sign and verify may run from many threads at once.
class mac_key {
 public:
  // At least TSEAL_MAC_KEY_BYTES bytes.
  static mac_key from_bytes(bytes_view key) {
    tseal_mac_key* raw = nullptr;
    detail::check(tseal_mac_key_new(key.data(), key.size(), &raw));
    return mac_key(raw);
  }
  // Any non-empty length, for existing shorter secrets (weaker below 32 bytes).
  static mac_key from_short_bytes(bytes_view key) {
    tseal_mac_key* raw = nullptr;
    detail::check(tseal_mac_key_new_short(key.data(), key.size(), &raw));
    return mac_key(raw);
  }
  static mac_key generate() {
    tseal_mac_key* raw = nullptr;
    detail::check(tseal_mac_key_generate(&raw));
    return mac_key(raw);
  }
  // At least TSEAL_MAC_KEY_BYTES bytes written as hex (either case).
  static mac_key from_hex(std::string_view hex) {
    tseal_mac_key* raw = nullptr;
    detail::check(tseal_mac_key_from_hex(reinterpret_cast<const uint8_t*>(hex.data()), hex.size(), &raw));
    return mac_key(raw);
  }
  std::vector<uint8_t> sign(bytes_view message) const {
    return detail::output<std::vector<uint8_t>>(TSEAL_MAC_TAG_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_mac_sign(get(), message.data(), message.size(), out, len);
    });
  }
  // Throws TSEAL_INVALID_SIGNATURE when `tag` does not verify.
  void verify(bytes_view message, bytes_view tag) const {
    detail::check(tseal_mac_verify(get(), message.data(), message.size(), tag.data(), tag.size()));
  }
  const tseal_mac_key* get() const noexcept { return handle_.get(); }

 private:
  friend class master_key;
  explicit mac_key(tseal_mac_key* raw) noexcept : handle_(raw) {}
  detail::handle<tseal_mac_key, tseal_mac_key_free> handle_;
};

// A tag made by a keyring's primary key, with that key's id.
struct keyring_tag {
  uint32_t key_id;
  std::vector<uint8_t> tag;
};

// HMAC-SHA256 keys by uint32_t id with one primary; usable from many threads at once.
class keyring {
 public:
  keyring() {
    tseal_keyring* raw = nullptr;
    detail::check(tseal_keyring_new(&raw));
    handle_ = decltype(handle_)(raw);
  }
  void insert(uint32_t key_id, bytes_view key) {
    detail::check(tseal_keyring_insert(handle_.get(), key_id, key.data(), key.size()));
  }
  void promote(uint32_t key_id) { detail::check(tseal_keyring_promote(handle_.get(), key_id)); }
  void retire(uint32_t key_id) { detail::check(tseal_keyring_retire(handle_.get(), key_id)); }
  uint32_t primary_id() const {
    uint32_t id = 0;
    detail::check(tseal_keyring_primary_id(get(), &id));
    return id;
  }
  keyring_tag sign(bytes_view message) const {
    keyring_tag result{0, {}};
    result.tag = detail::output<std::vector<uint8_t>>(TSEAL_MAC_TAG_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_keyring_sign(get(), message.data(), message.size(), &result.key_id, out, len);
    });
    return result;
  }
  void verify(uint32_t key_id, bytes_view message, bytes_view tag) const {
    detail::check(tseal_keyring_verify(get(), key_id, message.data(), message.size(), tag.data(), tag.size()));
  }
  // The ids of all keys, in insertion order (retiring may reorder).
  std::vector<uint32_t> ids() const {
    return detail::items<uint32_t>(8, [&](uint32_t* out, size_t* len) { return tseal_keyring_ids(get(), out, len); });
  }
  const tseal_keyring* get() const noexcept { return handle_.get(); }

 private:
  detail::handle<tseal_keyring, tseal_keyring_free> handle_;
};

// ---- signed frames ------------------------------------------------------------------------------------

struct frame {
  uint32_t key_id = 0;
  uint64_t stream_id = 0;
  uint64_t sequence = 0;
  uint64_t timestamp_ns = 0;
  std::vector<uint8_t> payload;
};

inline std::vector<uint8_t> frame_sign(const keyring& keys, uint64_t stream_id, uint64_t sequence,
                                       uint64_t timestamp_ns, bytes_view payload) {
  return detail::output<std::vector<uint8_t>>(
      payload.size() + TSEAL_FRAME_OVERHEAD_BYTES, [&](uint8_t* out, size_t* len) {
        return tseal_frame_sign(keys.get(), stream_id, sequence, timestamp_ns, payload.data(), payload.size(),
                                out, len);
      });
}

inline frame frame_verify(const keyring& keys, bytes_view signed_frame,
                          size_t max_payload = TSEAL_MAX_FRAME_PAYLOAD) {
  frame f;
  f.payload = detail::output<std::vector<uint8_t>>(signed_frame.size(), [&](uint8_t* out, size_t* len) {
    return tseal_frame_verify(keys.get(), signed_frame.data(), signed_frame.size(), max_payload, &f.key_id,
                              &f.stream_id, &f.sequence, &f.timestamp_ns, out, len);
  });
  return f;
}

// What a signed frame claims before it is verified: use it only to pick the keyring or stream state.
struct frame_route {
  uint32_t key_id = 0;
  uint64_t stream_id = 0;
};

inline frame_route frame_parse(bytes_view signed_frame, size_t max_payload = TSEAL_MAX_FRAME_PAYLOAD) {
  frame_route r;
  detail::check(tseal_frame_parse(signed_frame.data(), signed_frame.size(), max_payload, &r.key_id, &r.stream_id));
  return r;
}

// ---- trading signals ----------------------------------------------------------------------------------

// A fixed-point number: units of 10^-decimals.
struct decimal {
  int64_t units = 0;
  uint8_t decimals = 0;
};

// `value` rounded like printf("%.*f", decimals, value).
inline decimal decimal_from_f64(double value, uint8_t decimals) {
  decimal d{0, decimals};
  detail::check(tseal_decimal_from_f64(value, decimals, &d.units));
  return d;
}

struct signal {
  std::string subscription_id;  // UUID text
  uint64_t sequence = 0;
  uint64_t generated_at_ms = 0;
  std::string symbol;
  uint8_t order_type = 0;  // MT5 ENUM_ORDER_TYPE
  decimal volume;
  decimal price;
};

struct verified_signal {
  uint32_t key_id = 0;
  signal message;
};

inline std::vector<uint8_t> signal_sign(const keyring& keys, const signal& s) {
  return detail::output<std::vector<uint8_t>>(TSEAL_MAX_SIGNED_SIGNAL_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_signal_sign(keys.get(), reinterpret_cast<const uint8_t*>(s.subscription_id.data()),
                             s.subscription_id.size(), s.sequence, s.generated_at_ms,
                             reinterpret_cast<const uint8_t*>(s.symbol.data()), s.symbol.size(), s.order_type,
                             s.volume.units, s.volume.decimals, s.price.units, s.price.decimals, out, len);
  });
}

namespace detail {
// Calls a C verifier that writes a signal's fields (`fill(id, &id_len, symbol, &symbol_len, s)`).
template <class Fill>
signal signal_output(Fill&& fill) {
  signal s;
  s.subscription_id.resize(TSEAL_SUBSCRIPTION_ID_TEXT_BYTES);
  s.symbol.resize(TSEAL_MAX_SYMBOL_BYTES);
  size_t id_len = s.subscription_id.size(), symbol_len = s.symbol.size();
  check(fill(reinterpret_cast<uint8_t*>(&s.subscription_id[0]), &id_len, reinterpret_cast<uint8_t*>(&s.symbol[0]),
             &symbol_len, s));
  s.subscription_id.resize(id_len);
  s.symbol.resize(symbol_len);
  return s;
}
}  // namespace detail

inline verified_signal signal_verify(const keyring& keys, bytes_view signed_signal) {
  verified_signal v;
  v.message = detail::signal_output([&](uint8_t* id, size_t* id_len, uint8_t* sym, size_t* sym_len, signal& s) {
    return tseal_signal_verify(keys.get(), signed_signal.data(), signed_signal.size(), &v.key_id, id, id_len,
                               &s.sequence, &s.generated_at_ms, sym, sym_len, &s.order_type, &s.volume.units,
                               &s.volume.decimals, &s.price.units, &s.price.decimals);
  });
  return v;
}

// Canonical text with all its decimals ("1.08500"); throws TSEAL_INVALID_NUMBER for a negative number or
// more than TSEAL_MAX_DECIMALS decimals.
inline std::string decimal_format(decimal d) {
  return detail::output<std::string>(24, [&](uint8_t* out, size_t* len) {
    return tseal_decimal_format(d.units, d.decimals, out, len);
  });
}

// What a signed signal claims before it is verified: use it only to pick the keyring and pre-check replay.
struct signal_route {
  uint32_t key_id = 0;
  std::string subscription_id;  // UUID text
  uint64_t sequence = 0;
};

inline signal_route signal_parse(bytes_view signed_signal) {
  signal_route r;
  r.subscription_id = detail::output<std::string>(TSEAL_SUBSCRIPTION_ID_TEXT_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_signal_parse(signed_signal.data(), signed_signal.size(), &r.key_id, out, len, &r.sequence);
  });
  return r;
}

// The TSEAL_SUBSCRIPTION_ID_BYTES bytes of a UUID's text (either case); throws TSEAL_INVALID_UUID.
inline std::vector<uint8_t> subscription_id_parse(std::string_view text) {
  return detail::output<std::vector<uint8_t>>(TSEAL_SUBSCRIPTION_ID_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_subscription_id_parse(reinterpret_cast<const uint8_t*>(text.data()), text.size(), out, len);
  });
}

// The lowercase text of TSEAL_SUBSCRIPTION_ID_BYTES bytes.
inline std::string subscription_id_format(bytes_view id) {
  return detail::output<std::string>(TSEAL_SUBSCRIPTION_ID_TEXT_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_subscription_id_format(id.data(), id.size(), out, len);
  });
}

// The MT5 name of an order type without "ORDER_TYPE_" ("BUY_LIMIT"); throws TSEAL_INVALID_ORDER_TYPE.
inline std::string order_type_name(uint8_t order_type) {
  return detail::output<std::string>(16, [&](uint8_t* out, size_t* len) {
    return tseal_order_type_name(order_type, out, len);
  });
}

inline uint8_t order_type_parse(std::string_view name) {
  uint8_t order_type = 0;
  detail::check(tseal_order_type_parse(reinterpret_cast<const uint8_t*>(name.data()), name.size(), &order_type));
  return order_type;
}

// Throws TSEAL_INVALID_SYMBOL unless `symbol` is 1 to TSEAL_MAX_SYMBOL_BYTES of UTF-8 without control characters.
inline void symbol_check(std::string_view symbol) {
  detail::check(tseal_symbol_check(reinterpret_cast<const uint8_t*>(symbol.data()), symbol.size()));
}

// ---- legacy text lines --------------------------------------------------------------------------------

struct legacy_line {
  std::string line;
  std::string signature;  // lowercase hex
};

inline legacy_line legacy_sign(const mac_key& key, std::string_view subscription_id, uint64_t sequence,
                               uint64_t generated_at_ms, std::string_view symbol, uint8_t order_type,
                               double volume, double price) {
  legacy_line out{std::string(TSEAL_MAX_LEGACY_LINE_BYTES, '\0'),
                  std::string(TSEAL_LEGACY_SIGNATURE_HEX_BYTES, '\0')};
  size_t line_len = out.line.size(), signature_len = out.signature.size();
  detail::check(tseal_legacy_sign(key.get(), reinterpret_cast<const uint8_t*>(subscription_id.data()),
                                  subscription_id.size(), sequence, generated_at_ms,
                                  reinterpret_cast<const uint8_t*>(symbol.data()), symbol.size(), order_type,
                                  volume, price, reinterpret_cast<uint8_t*>(&out.line[0]), &line_len,
                                  reinterpret_cast<uint8_t*>(&out.signature[0]), &signature_len));
  out.line.resize(line_len);
  out.signature.resize(signature_len);
  return out;
}

inline signal legacy_verify(const mac_key& key, std::string_view line, std::string_view signature) {
  return detail::signal_output([&](uint8_t* id, size_t* id_len, uint8_t* sym, size_t* sym_len, signal& s) {
    return tseal_legacy_verify(key.get(), reinterpret_cast<const uint8_t*>(line.data()), line.size(),
                               reinterpret_cast<const uint8_t*>(signature.data()), signature.size(), id, id_len,
                               &s.sequence, &s.generated_at_ms, sym, sym_len, &s.order_type, &s.volume.units,
                               &s.volume.decimals, &s.price.units, &s.price.decimals);
  });
}

// ---- exchange request signing -------------------------------------------------------------------------

// The X-Signature header value (lowercase hex).
inline std::string request_sign(const mac_key& key, std::string_view api_key, std::string_view method,
                                std::string_view path, uint64_t timestamp_ms, std::string_view nonce,
                                bytes_view body) {
  return detail::output<std::string>(TSEAL_REQUEST_SIGNATURE_HEX_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_request_sign(key.get(), reinterpret_cast<const uint8_t*>(api_key.data()), api_key.size(),
                              reinterpret_cast<const uint8_t*>(method.data()), method.size(),
                              reinterpret_cast<const uint8_t*>(path.data()), path.size(), timestamp_ms,
                              reinterpret_cast<const uint8_t*>(nonce.data()), nonce.size(), body.data(),
                              body.size(), out, len);
  });
}

// Checks a received request's X-Timestamp and X-Signature headers (as received) over its fields.
inline void request_verify(const mac_key& key, std::string_view method, std::string_view path,
                           std::string_view timestamp, std::string_view nonce, bytes_view body,
                           std::string_view signature) {
  auto text = [](std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); };
  detail::check(tseal_request_verify(key.get(), text(method), method.size(), text(path), path.size(),
                                     text(timestamp), timestamp.size(), text(nonce), nonce.size(), body.data(),
                                     body.size(), text(signature), signature.size()));
}

// ---- replay protection, freshness and limits ----------------------------------------------------------

// Canonical decimal text ("1.08500") to fixed point; anything else throws TSEAL_INVALID_NUMBER.
inline decimal decimal_parse(std::string_view text) {
  decimal d;
  detail::check(tseal_decimal_parse(reinterpret_cast<const uint8_t*>(text.data()), text.size(), &d.units,
                                    &d.decimals));
  return d;
}

// Throws TSEAL_STALE or TSEAL_FROM_FUTURE when `timestamp_ms` is outside the window around `now_ms`.
inline void time_window_check(uint64_t max_age_ms, uint64_t max_future_ms, uint64_t timestamp_ms,
                              uint64_t now_ms) {
  detail::check(tseal_time_window_check(max_age_ms, max_future_ms, timestamp_ms, now_ms));
}

// Throws TSEAL_PRICE_DEVIATION when `price` is more than `max_pips` pips of size `pip` from `reference`.
inline void price_guard_check(uint64_t max_pips, decimal pip, decimal price, decimal reference) {
  detail::check(tseal_price_guard_check(max_pips, pip.units, pip.decimals, price.units, price.decimals,
                                        reference.units, reference.decimals));
}

// The oldest timestamp the window accepts at `now_ms`.
inline uint64_t time_window_oldest(uint64_t max_age_ms, uint64_t max_future_ms, uint64_t now_ms) {
  uint64_t oldest = 0;
  detail::check(tseal_time_window_oldest(max_age_ms, max_future_ms, now_ms, &oldest));
  return oldest;
}

namespace detail {
// Makes a handle with `make(&raw)` and takes ownership of it.
template <class Handle, class Make>
Handle make_handle(Make&& make) {
  typename Handle::element_type* raw = nullptr;
  check(make(&raw));
  return Handle(raw);
}
}  // namespace detail

// A sliding window of accepted sequence numbers (thread-safe).
class replay_window {
 public:
  explicit replay_window(uint64_t size)
      : handle_(detail::make_handle<handle_type>([&](tseal_replay_window** out) {
          return tseal_replay_window_new(size, out);
        })) {}
  // A window that treats every number up to and including `seq` as seen (after a restart).
  static replay_window after(uint64_t size, uint64_t seq) {
    return replay_window(detail::make_handle<handle_type>([&](tseal_replay_window** out) {
      return tseal_replay_window_new_after(size, seq, out);
    }));
  }
  // The highest committed sequence number (0 before the first commit).
  uint64_t top() const {
    uint64_t top = 0;
    detail::check(tseal_replay_window_top(handle_.get(), &top));
    return top;
  }
  // Throws TSEAL_REPLAYED, TSEAL_TOO_OLD or TSEAL_INVALID_SEQUENCE; records nothing.
  void check(uint64_t seq) const { detail::check(tseal_replay_window_check(handle_.get(), seq)); }
  // Checks again and records `seq` (after its message authenticated).
  void commit(uint64_t seq) { detail::check(tseal_replay_window_commit(handle_.get(), seq)); }

 private:
  using handle_type = detail::handle<tseal_replay_window, tseal_replay_window_free>;
  explicit replay_window(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

// Request nonces seen inside a time window (thread-safe).
class nonce_cache {
 public:
  nonce_cache(uint64_t max_age_ms, uint64_t max_future_ms, size_t capacity)
      : handle_(detail::make_handle<handle_type>([&](tseal_nonce_cache** out) {
          return tseal_nonce_cache_new(max_age_ms, max_future_ms, capacity, out);
        })) {}
  // Throws TSEAL_NONCE_REUSED, TSEAL_STALE or TSEAL_FROM_FUTURE.
  void insert(bytes_view scope, uint64_t timestamp_ms, bytes_view nonce, uint64_t now_ms) const {
    detail::check(tseal_nonce_cache_insert(handle_.get(), scope.data(), scope.size(), timestamp_ms, nonce.data(),
                                           nonce.size(), now_ms));
  }
  // Throws like insert() without recording anything.
  void check(bytes_view scope, uint64_t timestamp_ms, bytes_view nonce, uint64_t now_ms) const {
    detail::check(tseal_nonce_cache_check(handle_.get(), scope.data(), scope.size(), timestamp_ms, nonce.data(),
                                          nonce.size(), now_ms));
  }
  size_t size() const {
    size_t n = 0;
    detail::check(tseal_nonce_cache_len(handle_.get(), &n));
    return n;
  }

 private:
  using handle_type = detail::handle<tseal_nonce_cache, tseal_nonce_cache_free>;
  handle_type handle_;
};

// Token buckets per key (thread-safe).
class rate_limiter {
 public:
  rate_limiter(uint32_t per_second, uint32_t burst, size_t max_keys)
      : handle_(detail::make_handle<handle_type>([&](tseal_rate_limiter** out) {
          return tseal_rate_limiter_new(per_second, burst, max_keys, out);
        })) {}
  // Throws TSEAL_RATE_LIMITED.
  void acquire(bytes_view key, uint64_t now_ms) const {
    detail::check(tseal_rate_limiter_acquire(handle_.get(), key.data(), key.size(), now_ms));
  }
  size_t tracked_keys() const {
    size_t n = 0;
    detail::check(tseal_rate_limiter_tracked_keys(handle_.get(), &n));
    return n;
  }

 private:
  using handle_type = detail::handle<tseal_rate_limiter, tseal_rate_limiter_free>;
  handle_type handle_;
};

// Replay windows and gap trackers of many streams, named by subscription id (thread-safe).
class guard {
 public:
  guard(uint64_t window, uint64_t max_gap_age_ms = TSEAL_DEFAULT_MAX_GAP_AGE_MS,
        uint64_t max_missing = TSEAL_DEFAULT_MAX_MISSING, size_t max_streams = TSEAL_DEFAULT_MAX_STREAMS)
      : handle_(detail::make_handle<handle_type>([&](tseal_guard** out) {
          return tseal_guard_new(window, max_gap_age_ms, max_missing, max_streams, out);
        })) {}
  // A guard persisted in the file at `path` (created on first use; see tseal_guard_open).
  static guard open(std::string_view path, uint64_t window, uint64_t max_gap_age_ms = TSEAL_DEFAULT_MAX_GAP_AGE_MS,
                    uint64_t max_missing = TSEAL_DEFAULT_MAX_MISSING, size_t max_streams = TSEAL_DEFAULT_MAX_STREAMS,
                    uint64_t reserve_ahead = TSEAL_DEFAULT_RESERVE_AHEAD) {
    return guard(detail::make_handle<handle_type>([&](tseal_guard** out) {
      return tseal_guard_open(text(path), path.size(), window, max_gap_age_ms, max_missing, max_streams,
                              reserve_ahead, out);
    }));
  }
  // Throws what accept() would, recording nothing: a replay pre-check before the expensive verification.
  void check(std::string_view stream, uint64_t seq, uint64_t now_ms) const {
    detail::check(tseal_guard_check(handle_.get(), text(stream), stream.size(), seq, now_ms));
  }
  // Accepts `seq` (after its message authenticated); returns the stream's state (TSEAL_STREAM_STATE_*).
  uint8_t accept(std::string_view stream, uint64_t seq, uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_guard_accept(handle_.get(), text(stream), stream.size(), seq, now_ms, &state));
    return state;
  }
  // Like accept(), also taking the message's own timestamp into the stream's clock_offset().
  uint8_t accept_sent_at(std::string_view stream, uint64_t seq, uint64_t sent_ms, uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_guard_accept_sent_at(handle_.get(), text(stream), stream.size(), seq, sent_ms, now_ms, &state));
    return state;
  }
  uint8_t state(std::string_view stream, uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_guard_state(handle_.get(), text(stream), stream.size(), now_ms, &state));
    return state;
  }
  // Missing sequence numbers, oldest first, as (first, last) pairs.
  std::vector<std::pair<uint64_t, uint64_t>> missing(std::string_view stream) const {
    return detail::ranges([&](uint64_t* out, size_t* len) {
      return tseal_guard_missing(handle_.get(), text(stream), stream.size(), out, len);
    });
  }
  void resync(std::string_view stream) const {
    detail::check(tseal_guard_resync(handle_.get(), text(stream), stream.size()));
  }
  // The smoothed lag of the stream's timestamps behind this clock, once accept_sent_at() saw one.
  std::optional<int64_t> clock_offset(std::string_view stream) const {
    return detail::estimate([&](uint8_t* known, int64_t* value) {
      return tseal_guard_clock_offset(handle_.get(), text(stream), stream.size(), known, value);
    });
  }
  // The number of streams tracked.
  size_t size() const {
    size_t n = 0;
    detail::check(tseal_guard_len(handle_.get(), &n));
    return n;
  }

 private:
  static const uint8_t* text(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }
  using handle_type = detail::handle<tseal_guard, tseal_guard_free>;
  explicit guard(handle_type handle) : handle_(std::move(handle)) {}
  handle_type handle_;
};

// The receiver's pipeline for signed signals (thread-safe): replay and gap check, signature, policy.
// "NORMAL", "GAP" or "DEGRADED" for a TSEAL_STREAM_STATE_* value.
inline std::string stream_state_name(uint8_t state) {
  return detail::output<std::string>(8, [&](uint8_t* out, size_t* len) { return tseal_stream_state_name(state, out, len); });
}

// The missing sequence numbers of one stream (thread-safe); states are TSEAL_STREAM_STATE_*.
class gap_tracker {
 public:
  // The first recorded number sets the baseline.
  explicit gap_tracker(uint64_t max_gap_age_ms = TSEAL_DEFAULT_MAX_GAP_AGE_MS,
                       uint64_t max_missing = TSEAL_DEFAULT_MAX_MISSING)
      : handle_(detail::make_handle<handle_type>([&](tseal_gap_tracker** out) {
          return tseal_gap_tracker_new(max_gap_age_ms, max_missing, out);
        })) {}
  // Expects `seq + 1` next.
  static gap_tracker after(uint64_t seq, uint64_t max_gap_age_ms = TSEAL_DEFAULT_MAX_GAP_AGE_MS,
                           uint64_t max_missing = TSEAL_DEFAULT_MAX_MISSING) {
    return gap_tracker(detail::make_handle<handle_type>([&](tseal_gap_tracker** out) {
      return tseal_gap_tracker_new_after(max_gap_age_ms, max_missing, seq, out);
    }));
  }
  // Returns the new state; throws TSEAL_STREAM_DEGRADED when the stream is (or became) degraded.
  uint8_t record(uint64_t seq, uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_gap_tracker_record(handle_.get(), seq, now_ms, &state));
    return state;
  }
  uint8_t state(uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_gap_tracker_state(handle_.get(), now_ms, &state));
    return state;
  }
  // Throws TSEAL_STREAM_DEGRADED when degraded at `now_ms`.
  void check(uint64_t now_ms) const { detail::check(tseal_gap_tracker_check(handle_.get(), now_ms)); }
  void resync() const { detail::check(tseal_gap_tracker_resync(handle_.get())); }
  uint64_t highest() const { return progress().first; }
  uint64_t missing_count() const { return progress().second; }
  std::vector<std::pair<uint64_t, uint64_t>> missing() const {
    return detail::ranges([&](uint64_t* out, size_t* len) { return tseal_gap_tracker_missing(handle_.get(), out, len); });
  }

 private:
  using handle_type = detail::handle<tseal_gap_tracker, tseal_gap_tracker_free>;
  explicit gap_tracker(handle_type h) : handle_(std::move(h)) {}
  std::pair<uint64_t, uint64_t> progress() const {
    std::pair<uint64_t, uint64_t> p{0, 0};
    detail::check(tseal_gap_tracker_progress(handle_.get(), &p.first, &p.second));
    return p;
  }
  handle_type handle_;
};

// A smoothed estimate of how far a peer's timestamps lag this clock (thread-safe).
class clock_offset {
 public:
  clock_offset()
      : handle_(detail::make_handle<handle_type>([](tseal_clock_offset** out) { return tseal_clock_offset_new(out); })) {}
  void observe(uint64_t sent_ms, uint64_t received_ms) const {
    detail::check(tseal_clock_offset_observe(handle_.get(), sent_ms, received_ms));
  }
  // Empty before the first sample.
  std::optional<int64_t> estimate_ms() const {
    return detail::estimate([&](uint8_t* known, int64_t* value) {
      return tseal_clock_offset_estimate(handle_.get(), known, value);
    });
  }

 private:
  using handle_type = detail::handle<tseal_clock_offset, tseal_clock_offset_free>;
  handle_type handle_;
};

class signal_verifier {
 public:
  signal_verifier(uint64_t max_age_ms, uint64_t max_future_ms, decimal max_volume, uint64_t window,
                  uint64_t max_gap_age_ms = TSEAL_DEFAULT_MAX_GAP_AGE_MS,
                  uint64_t max_missing = TSEAL_DEFAULT_MAX_MISSING, size_t max_streams = TSEAL_DEFAULT_MAX_STREAMS)
      : handle_(detail::make_handle<handle_type>([&](tseal_signal_verifier** out) {
          return tseal_signal_verifier_new(max_age_ms, max_future_ms, max_volume.units, max_volume.decimals, window,
                                           max_gap_age_ms, max_missing, max_streams, out);
        })) {}
  // The verified signal, or throws the first failing step's error.
  verified_signal verify(const keyring& keys, bytes_view signed_signal, uint64_t now_ms) const {
    verified_signal v;
    v.message = detail::signal_output([&](uint8_t* id, size_t* id_len, uint8_t* sym, size_t* sym_len, signal& s) {
      return tseal_signal_verifier_verify(handle_.get(), keys.get(), signed_signal.data(), signed_signal.size(),
                                          now_ms, &v.key_id, id, id_len, &s.sequence, &s.generated_at_ms, sym,
                                          sym_len, &s.order_type, &s.volume.units, &s.volume.decimals,
                                          &s.price.units, &s.price.decimals);
    });
    return v;
  }
  // The verifier's own replay and gap state of a subscription (as guard's).
  uint8_t state(std::string_view stream, uint64_t now_ms) const {
    uint8_t state = 0;
    detail::check(tseal_signal_verifier_state(handle_.get(), text(stream), stream.size(), now_ms, &state));
    return state;
  }
  std::vector<std::pair<uint64_t, uint64_t>> missing(std::string_view stream) const {
    return detail::ranges([&](uint64_t* out, size_t* len) {
      return tseal_signal_verifier_missing(handle_.get(), text(stream), stream.size(), out, len);
    });
  }
  void resync(std::string_view stream) const {
    detail::check(tseal_signal_verifier_resync(handle_.get(), text(stream), stream.size()));
  }
  std::optional<int64_t> clock_offset(std::string_view stream) const {
    return detail::estimate([&](uint8_t* known, int64_t* value) {
      return tseal_signal_verifier_clock_offset(handle_.get(), text(stream), stream.size(), known, value);
    });
  }

 private:
  static const uint8_t* text(std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); }
  using handle_type = detail::handle<tseal_signal_verifier, tseal_signal_verifier_free>;
  handle_type handle_;
};

// The server's pipeline for signed exchange requests (thread-safe): rate limit (per_second > 0), timestamp
// window and nonce reuse, signature.
class request_verifier {
 public:
  request_verifier(uint64_t max_age_ms, uint64_t max_future_ms, size_t nonce_capacity, uint32_t per_second = 0,
                   uint32_t burst = 0, size_t max_keys = 0)
      : handle_(detail::make_handle<handle_type>([&](tseal_request_verifier** out) {
          return tseal_request_verifier_new(max_age_ms, max_future_ms, nonce_capacity, per_second, burst, max_keys,
                                            out);
        })) {}
  // Throws the first failing step's error; the headers are passed exactly as received.
  void verify(const mac_key& secret, std::string_view api_key, std::string_view method, std::string_view path,
              std::string_view timestamp, std::string_view nonce, bytes_view body, std::string_view signature,
              uint64_t now_ms) const {
    auto text = [](std::string_view s) { return reinterpret_cast<const uint8_t*>(s.data()); };
    detail::check(tseal_request_verifier_verify(handle_.get(), secret.get(), text(api_key), api_key.size(),
                                                text(method), method.size(), text(path), path.size(), text(timestamp),
                                                timestamp.size(), text(nonce), nonce.size(), body.data(), body.size(),
                                                text(signature), signature.size(), now_ms));
  }

 private:
  using handle_type = detail::handle<tseal_request_verifier, tseal_request_verifier_free>;
  handle_type handle_;
};

// ---- authenticated encryption, envelopes, key derivation, Ed25519 -------------------------------------

// An AEAD key that picks its own nonces (the safe path); algorithm is TSEAL_AEAD_*.
inline size_t aead_nonce_bytes(uint8_t algorithm) {
  size_t n = 0;
  detail::check(tseal_aead_nonce_bytes(algorithm, &n));
  return n;
}

inline std::string aead_algorithm_name(uint8_t algorithm) {
  return detail::output<std::string>(24, [&](uint8_t* out, size_t* len) {
    return tseal_aead_algorithm_name(algorithm, out, len);
  });
}

class sealing_key {
 public:
  static sealing_key from_bytes(uint8_t algorithm, bytes_view key) {
    return sealing_key(detail::make_handle<handle_type>([&](tseal_sealing_key** out) {
      return tseal_sealing_key_new(algorithm, key.data(), key.size(), out);
    }));
  }
  static sealing_key generate(uint8_t algorithm) {
    return sealing_key(detail::make_handle<handle_type>(
        [&](tseal_sealing_key** out) { return tseal_sealing_key_generate(algorithm, out); }));
  }
  // nonce || ciphertext || tag
  std::vector<uint8_t> seal(bytes_view aad, bytes_view plaintext) const {
    return detail::output<std::vector<uint8_t>>(
        plaintext.size() + TSEAL_AEAD_MAX_NONCE_BYTES + TSEAL_AEAD_TAG_BYTES, [&](uint8_t* out, size_t* len) {
          return tseal_aead_seal(handle_.get(), aad.data(), aad.size(), plaintext.data(), plaintext.size(), out, len);
        });
  }
  // Seals without copying: sealed_box holds the plaintext after aead_nonce_bytes(algorithm()) bytes of
  // room and before TSEAL_AEAD_TAG_BYTES of room; afterwards it holds what seal() returns.
  void seal_in_place(bytes_view aad, uint8_t* sealed_box, size_t sealed_box_len) const {
    detail::check(tseal_aead_seal_in_place(handle_.get(), aad.data(), aad.size(), sealed_box, sealed_box_len));
  }
  // Throws TSEAL_DECRYPT_FAILED.
  std::vector<uint8_t> open(bytes_view aad, bytes_view sealed) const {
    return detail::output<std::vector<uint8_t>>(sealed.size(), [&](uint8_t* out, size_t* len) {
      return tseal_aead_open(handle_.get(), aad.data(), aad.size(), sealed.data(), sealed.size(), out, len);
    });
  }
  // Lowers the message budget so a test can reach TSEAL_KEY_EXHAUSTED (never raises it). Tests only.
  void set_limit_for_testing_only(uint64_t limit) const {
    detail::check(tseal_sealing_key_set_limit_for_testing_only(handle_.get(), limit));
  }
  // TSEAL_AEAD_*.
  uint8_t algorithm() const {
    uint8_t id = 0;
    detail::check(tseal_sealing_key_algorithm(handle_.get(), &id));
    return id;
  }

 private:
  friend class master_key;
  using handle_type = detail::handle<tseal_sealing_key, tseal_sealing_key_free>;
  explicit sealing_key(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

// An AEAD key used with caller-chosen nonces. Never seal twice with one nonce.
class less_safe_key {
 public:
  static less_safe_key from_bytes(uint8_t algorithm, bytes_view key) {
    return less_safe_key(detail::make_handle<handle_type>([&](tseal_less_safe_key** out) {
      return tseal_less_safe_key_new(algorithm, key.data(), key.size(), out);
    }));
  }
  std::vector<uint8_t> seal(bytes_view nonce, bytes_view aad, bytes_view plaintext) const {
    return detail::output<std::vector<uint8_t>>(plaintext.size() + TSEAL_AEAD_TAG_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_aead_seal_less_safe(get(), nonce.data(), nonce.size(), aad.data(), aad.size(), plaintext.data(),
                                       plaintext.size(), out, len);
    });
  }
  std::vector<uint8_t> open(bytes_view nonce, bytes_view aad, bytes_view sealed) const {
    return detail::output<std::vector<uint8_t>>(sealed.size(), [&](uint8_t* out, size_t* len) {
      return tseal_aead_open_less_safe(get(), nonce.data(), nonce.size(), aad.data(), aad.size(), sealed.data(),
                                       sealed.size(), out, len);
    });
  }
  const tseal_less_safe_key* get() const noexcept { return handle_.get(); }

 private:
  using handle_type = detail::handle<tseal_less_safe_key, tseal_less_safe_key_free>;
  explicit less_safe_key(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

// AEAD keys by id with one primary, for envelopes (thread-safe).
class sealing_keyring {
 public:
  sealing_keyring()
      : handle_(detail::make_handle<handle_type>([](tseal_sealing_keyring** out) { return tseal_sealing_keyring_new(out); })) {}
  void insert(uint32_t key_id, uint8_t algorithm, bytes_view key) {
    detail::check(tseal_sealing_keyring_insert(handle_.get(), key_id, algorithm, key.data(), key.size()));
  }
  void promote(uint32_t key_id) { detail::check(tseal_sealing_keyring_promote(handle_.get(), key_id)); }
  void retire(uint32_t key_id) { detail::check(tseal_sealing_keyring_retire(handle_.get(), key_id)); }
  uint32_t primary_id() const {
    uint32_t id = 0;
    detail::check(tseal_sealing_keyring_primary_id(handle_.get(), &id));
    return id;
  }
  std::vector<uint32_t> ids() const {
    return detail::items<uint32_t>(8, [&](uint32_t* out, size_t* len) {
      return tseal_sealing_keyring_ids(handle_.get(), out, len);
    });
  }
  std::vector<uint8_t> seal(bytes_view aad, bytes_view plaintext) const {
    return detail::output<std::vector<uint8_t>>(plaintext.size() + 64, [&](uint8_t* out, size_t* len) {
      return tseal_envelope_seal(handle_.get(), aad.data(), aad.size(), plaintext.data(), plaintext.size(), out, len);
    });
  }
  std::vector<uint8_t> open(bytes_view aad, bytes_view envelope) const {
    return detail::output<std::vector<uint8_t>>(envelope.size(), [&](uint8_t* out, size_t* len) {
      return tseal_envelope_open(handle_.get(), aad.data(), aad.size(), envelope.data(), envelope.size(), out, len);
    });
  }
  const tseal_sealing_keyring* get() const noexcept { return handle_.get(); }

 private:
  using handle_type = detail::handle<tseal_sealing_keyring, tseal_sealing_keyring_free>;
  handle_type handle_;
};

// An envelope with a caller-chosen nonce, for known-answer tests only.
inline std::vector<uint8_t> envelope_seal_with_nonce_less_safe(uint32_t key_id, const less_safe_key& key,
                                                                bytes_view nonce, bytes_view aad, bytes_view plaintext) {
  return detail::output<std::vector<uint8_t>>(plaintext.size() + 64, [&](uint8_t* out, size_t* len) {
    return tseal_envelope_seal_with_nonce_less_safe(key_id, key.get(), nonce.data(), nonce.size(), aad.data(),
                                                     aad.size(), plaintext.data(), plaintext.size(), out, len);
  });
}

inline std::vector<uint8_t> hkdf_extract(bytes_view salt, bytes_view ikm) {
  return detail::output<std::vector<uint8_t>>(TSEAL_HKDF_PRK_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_hkdf_extract(salt.data(), salt.size(), ikm.data(), ikm.size(), out, len);
  });
}

inline std::vector<uint8_t> hkdf_expand(bytes_view prk, bytes_view info, size_t length) {
  std::vector<uint8_t> okm(length);
  detail::check(tseal_hkdf_expand(prk.data(), prk.size(), info.data(), info.size(), okm.data(), okm.size()));
  return okm;
}

inline std::vector<uint8_t> kdf_derive(bytes_view master, std::string_view label, bytes_view context, size_t length) {
  std::vector<uint8_t> okm(length);
  detail::check(tseal_kdf_derive(master.data(), master.size(), reinterpret_cast<const uint8_t*>(label.data()),
                                 label.size(), context.data(), context.size(), okm.data(), okm.size()));
  return okm;
}

inline std::vector<uint8_t> argon2id(bytes_view password, bytes_view salt, uint32_t memory_kib, uint32_t passes,
                                     uint32_t lanes, size_t length) {
  std::vector<uint8_t> key(length);
  detail::check(tseal_argon2id(password.data(), password.size(), salt.data(), salt.size(), memory_kib, passes, lanes,
                               key.data(), key.size()));
  return key;
}

// An Ed25519 signing key.
class ed25519_key {
 public:
  static ed25519_key from_seed(bytes_view seed) {
    return ed25519_key(detail::make_handle<handle_type>(
        [&](tseal_ed25519_key** out) { return tseal_ed25519_key_from_seed(seed.data(), seed.size(), out); }));
  }
  static ed25519_key generate() {
    return ed25519_key(detail::make_handle<handle_type>([](tseal_ed25519_key** out) { return tseal_ed25519_key_generate(out); }));
  }
  std::vector<uint8_t> public_key() const {
    return detail::output<std::vector<uint8_t>>(TSEAL_ED25519_PUBLIC_KEY_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_ed25519_public_key(handle_.get(), out, len);
    });
  }
  std::vector<uint8_t> sign(bytes_view message) const {
    return detail::output<std::vector<uint8_t>>(TSEAL_ED25519_SIGNATURE_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_ed25519_sign(handle_.get(), message.data(), message.size(), out, len);
    });
  }
  // The secret seed, to store a generated key.
  std::vector<uint8_t> seed() const {
    return detail::output<std::vector<uint8_t>>(TSEAL_ED25519_SEED_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_ed25519_key_seed(handle_.get(), out, len);
    });
  }

 private:
  friend class master_key;
  using handle_type = detail::handle<tseal_ed25519_key, tseal_ed25519_key_free>;
  explicit ed25519_key(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

// Throws TSEAL_INVALID_SIGNATURE (or TSEAL_INVALID_LENGTH for a malformed public key).
inline void ed25519_verify(bytes_view public_key, bytes_view message, bytes_view signature) {
  detail::check(tseal_ed25519_verify(public_key.data(), public_key.size(), message.data(), message.size(),
                                     signature.data(), signature.size()));
}

// Argon2id costs.
struct password_params {
  uint32_t memory_kib = 0;
  uint32_t passes = 0;
  uint32_t lanes = 0;
};

inline password_params password_params_default() {
  password_params p;
  detail::check(tseal_password_params_default(&p.memory_kib, &p.passes, &p.lanes));
  return p;
}

// A master secret that derives purpose-bound keys (thread-safe; not exportable).
class master_key {
 public:
  // At least TSEAL_MIN_MASTER_KEY_BYTES bytes.
  static master_key from_bytes(bytes_view key) {
    return master_key(detail::make_handle<handle_type>(
        [&](tseal_master_key** out) { return tseal_master_key_new(key.data(), key.size(), out); }));
  }
  static master_key generate() {
    return master_key(detail::make_handle<handle_type>([](tseal_master_key** out) { return tseal_master_key_generate(out); }));
  }
  // Slow by design (Argon2id).
  static master_key from_password(bytes_view password, bytes_view salt,
                                  password_params params = password_params_default()) {
    return master_key(detail::make_handle<handle_type>([&](tseal_master_key** out) {
      return tseal_master_key_from_password(password.data(), password.size(), salt.data(), salt.size(),
                                            params.memory_kib, params.passes, params.lanes, out);
    }));
  }
  std::vector<uint8_t> derive(std::string_view label, bytes_view context, size_t length) const {
    std::vector<uint8_t> out(length);
    detail::check(tseal_master_key_derive(handle_.get(), reinterpret_cast<const uint8_t*>(label.data()), label.size(),
                                          context.data(), context.size(), out.data(), out.size()));
    return out;
  }
  tradeseal::mac_key mac_key(bytes_view context) const {
    tseal_mac_key* raw = nullptr;
    detail::check(tseal_master_key_mac_key(handle_.get(), context.data(), context.size(), &raw));
    return tradeseal::mac_key(raw);
  }
  tradeseal::sealing_key sealing_key(uint8_t algorithm, bytes_view context) const {
    return tradeseal::sealing_key(detail::make_handle<tradeseal::sealing_key::handle_type>([&](tseal_sealing_key** out) {
      return tseal_master_key_sealing_key(handle_.get(), algorithm, context.data(), context.size(), out);
    }));
  }
  tradeseal::ed25519_key ed25519_key(bytes_view context) const {
    return tradeseal::ed25519_key(detail::make_handle<tradeseal::ed25519_key::handle_type>([&](tseal_ed25519_key** out) {
      return tseal_master_key_ed25519_key(handle_.get(), context.data(), context.size(), out);
    }));
  }

 private:
  using handle_type = detail::handle<tseal_master_key, tseal_master_key_free>;
  explicit master_key(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

// ---- Noise sessions -----------------------------------------------------------------------------------

struct noise_keypair {
  std::vector<uint8_t> private_key;  // keep secret
  std::vector<uint8_t> public_key;
};

inline noise_keypair noise_keypair_generate() {
  noise_keypair kp{std::vector<uint8_t>(TSEAL_NOISE_KEY_BYTES), std::vector<uint8_t>(TSEAL_NOISE_KEY_BYTES)};
  size_t private_len = kp.private_key.size(), public_len = kp.public_key.size();
  detail::check(tseal_noise_keypair_generate(kp.private_key.data(), &private_len, kp.public_key.data(), &public_len));
  return kp;
}

// The core's default session limits (tseal_noise_default_limits).
struct noise_limits {
  uint64_t max_age_ms = 0;
  uint64_t max_messages = 0;
  uint64_t idle_timeout_ms = 0;
  uint64_t rekey_interval = 0;
};

inline noise_limits noise_default_limits() {
  noise_limits l;
  detail::check(tseal_noise_default_limits(&l.max_age_ms, &l.max_messages, &l.idle_timeout_ms, &l.rekey_interval));
  return l;
}

// Writes `message` as a stream frame (2-byte big-endian length, then the message).
inline std::vector<uint8_t> noise_encode_frame(bytes_view message) {
  return detail::output<std::vector<uint8_t>>(message.size() + TSEAL_NOISE_FRAME_HEADER_BYTES, [&](uint8_t* out, size_t* len) {
    return tseal_noise_encode_frame(message.data(), message.size(), out, len);
  });
}

// Reassembles stream frames from bytes that arrive in pieces: feed() bytes, take() each completed message.
class noise_frame_decoder {
 public:
  noise_frame_decoder()
      : handle_(detail::make_handle<handle_type>([](tseal_noise_frame_decoder** out) {
          return tseal_noise_frame_decoder_new(out);
        })) {}
  // How many bytes of `input` it took (0 while a completed frame waits to be taken).
  size_t feed(bytes_view input) const {
    size_t consumed = 0;
    detail::check(tseal_noise_frame_decoder_feed(handle_.get(), input.data(), input.size(), &consumed));
    return consumed;
  }
  // The completed frame's message, or std::nullopt when none is complete yet.
  std::optional<std::vector<uint8_t>> take() const {
    std::vector<uint8_t> out(TSEAL_NOISE_MAX_MESSAGE_BYTES);
    size_t len = out.size();
    uint8_t has_frame = 0;
    detail::check(tseal_noise_frame_decoder_take(handle_.get(), out.data(), &len, &has_frame));
    if (!has_frame) return std::nullopt;
    out.resize(len);
    return out;
  }

 private:
  using handle_type = detail::handle<tseal_noise_frame_decoder, tseal_noise_frame_decoder_free>;
  handle_type handle_;
};

class noise_session;

// The settings of one side; each may be set once (TSEAL_ALREADY_SET). build_*() uses the builder up.
class noise_builder {
 public:
  explicit noise_builder(std::string_view protocol = "Noise_XX_25519_ChaChaPoly_SHA256")
      : handle_(detail::make_handle<handle_type>([&](tseal_noise_builder** out) {
          return tseal_noise_builder_new(reinterpret_cast<const uint8_t*>(protocol.data()), protocol.size(), out);
        })) {}
  noise_builder& prologue(bytes_view p) {
    detail::check(tseal_noise_builder_prologue(handle_.get(), p.data(), p.size()));
    return *this;
  }
  noise_builder& local_private_key(bytes_view k) {
    detail::check(tseal_noise_builder_local_private_key(handle_.get(), k.data(), k.size()));
    return *this;
  }
  noise_builder& remote_public_key(bytes_view k) {
    detail::check(tseal_noise_builder_remote_public_key(handle_.get(), k.data(), k.size()));
    return *this;
  }
  noise_builder& psk(bytes_view k) {
    detail::check(tseal_noise_builder_psk(handle_.get(), k.data(), k.size()));
    return *this;
  }
  noise_builder& allow_peer(bytes_view k) {
    detail::check(tseal_noise_builder_allow_peer(handle_.get(), k.data(), k.size()));
    return *this;
  }
  // A C callback instead of the allowlist (tseal_noise_builder_peer_verifier: it must not throw, and `ctx`
  // must outlive every session built or renewed from this builder).
  noise_builder& peer_verifier(tseal_noise_peer_verifier verify, void* ctx) {
    detail::check(tseal_noise_builder_peer_verifier(handle_.get(), verify, ctx));
    return *this;
  }
  // TSEAL_NOISE_STREAM (default) or TSEAL_NOISE_DATAGRAM.
  noise_builder& transport_mode(uint8_t mode) {
    detail::check(tseal_noise_builder_transport_mode(handle_.get(), mode));
    return *this;
  }
  // Test vectors only: a fixed ephemeral key destroys the handshake's security.
  noise_builder& fixed_ephemeral_key_for_testing_only(bytes_view k) {
    detail::check(tseal_noise_builder_fixed_ephemeral_key_for_testing_only(handle_.get(), k.data(), k.size()));
    return *this;
  }
  noise_builder& limits(uint64_t max_age_ms, uint64_t max_messages, uint64_t idle_timeout_ms, uint64_t rekey_interval) {
    detail::check(tseal_noise_builder_limits(handle_.get(), max_age_ms, max_messages, idle_timeout_ms, rekey_interval));
    return *this;
  }
  noise_session build_initiator(uint64_t now_ms);
  noise_session build_responder(uint64_t now_ms);
  // Restores a session from noise_session::export_session (once per export).
  noise_session import_session(uint64_t now_ms, const sealing_keyring& keyring, bytes_view exported);

 private:
  using handle_type = detail::handle<tseal_noise_builder, tseal_noise_builder_free>;
  handle_type handle_;
};

// One end of a Noise channel (thread-safe).
class noise_session {
 public:
  // TSEAL_NOISE_* state.
  uint8_t state() const {
    uint8_t state = 0, my_turn = 0;
    detail::check(tseal_noise_session_state(handle_.get(), &state, &my_turn));
    return state;
  }
  bool is_my_turn() const {
    uint8_t state = 0, my_turn = 0;
    detail::check(tseal_noise_session_state(handle_.get(), &state, &my_turn));
    return my_turn != 0;
  }
  std::vector<uint8_t> handshake_hash() const {
    return detail::output<std::vector<uint8_t>>(TSEAL_NOISE_KEY_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_handshake_hash(handle_.get(), out, len);
    });
  }
  std::vector<uint8_t> write(uint64_t now_ms, bytes_view payload) const {
    return detail::output<std::vector<uint8_t>>(payload.size() + TSEAL_NOISE_MAX_OVERHEAD_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_write(handle_.get(), now_ms, payload.data(), payload.size(), out, len);
    });
  }
  std::vector<uint8_t> read(uint64_t now_ms, bytes_view message) const {
    return detail::output<std::vector<uint8_t>>(message.size(), [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_read(handle_.get(), now_ms, message.data(), message.size(), out, len);
    });
  }
  bool is_initiator() const {
    uint8_t initiator = 0;
    detail::check(tseal_noise_session_is_initiator(handle_.get(), &initiator));
    return initiator != 0;
  }
  // The full protocol name, e.g. "Noise_XX_25519_ChaChaPoly_SHA256".
  std::string protocol() const {
    return detail::output<std::string>(64, [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_protocol(handle_.get(), out, len);
    });
  }
  // The peer's static public key (empty when the pattern gives none); transport only.
  std::vector<uint8_t> remote_static() const {
    return detail::output<std::vector<uint8_t>>(TSEAL_NOISE_KEY_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_remote_static(handle_.get(), out, len);
    });
  }
  bool is_near_expiry(uint64_t now_ms) const {
    uint8_t near_expiry = 0;
    detail::check(tseal_noise_session_is_near_expiry(handle_.get(), now_ms, &near_expiry));
    return near_expiry != 0;
  }
  // A fresh session with the same settings and role, starting a new handshake.
  noise_session renew(uint64_t now_ms) const {
    return noise_session(detail::make_handle<handle_type>([&](tseal_noise_session** out) {
      return tseal_noise_session_renew(handle_.get(), now_ms, out);
    }));
  }
  // The session sealed under `keyring` (tseal_noise_session_export: a stream session ends, reserve 0).
  std::vector<uint8_t> export_session(uint64_t now_ms, const sealing_keyring& keyring, uint64_t reserve) const {
    return detail::output<std::vector<uint8_t>>(TSEAL_NOISE_EXPORT_MAX_BYTES, [&](uint8_t* out, size_t* len) {
      return tseal_noise_session_export(handle_.get(), now_ms, keyring.get(), reserve, out, len);
    });
  }

 private:
  friend class noise_builder;
  using handle_type = detail::handle<tseal_noise_session, tseal_noise_session_free>;
  explicit noise_session(handle_type h) : handle_(std::move(h)) {}
  handle_type handle_;
};

inline noise_session noise_builder::build_initiator(uint64_t now_ms) {
  return noise_session(detail::make_handle<noise_session::handle_type>([&](tseal_noise_session** out) {
    return tseal_noise_builder_build_initiator(handle_.get(), now_ms, out);
  }));
}

inline noise_session noise_builder::build_responder(uint64_t now_ms) {
  return noise_session(detail::make_handle<noise_session::handle_type>([&](tseal_noise_session** out) {
    return tseal_noise_builder_build_responder(handle_.get(), now_ms, out);
  }));
}

inline noise_session noise_builder::import_session(uint64_t now_ms, const sealing_keyring& keyring, bytes_view exported) {
  return noise_session(detail::make_handle<noise_session::handle_type>([&](tseal_noise_session** out) {
    return tseal_noise_builder_import_session(handle_.get(), now_ms, keyring.get(), exported.data(), exported.size(), out);
  }));
}

}  // namespace tradeseal

#endif  // TRADESEAL_HPP
