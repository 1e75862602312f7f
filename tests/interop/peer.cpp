// The C++ side of the cross-language Noise test (tradeseal.hpp over the C ABI): plays
// tests/interop/conversation.json over loopback TCP. See tests/interop/README.md; scripts/test-interop.sh
// runs it against the Rust peer (core/examples/interop_peer.rs).
//
// Usage: peer_cpp server|client CONVERSATION [--port N] [--reject | --expect-closed]
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tradeseal.hpp"

using nlohmann::json;
using bytes = std::vector<uint8_t>;

namespace {

const auto start = std::chrono::steady_clock::now();
uint64_t now_ms() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
}

struct failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

bytes unhex(const std::string& text) {
  bytes out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) out.push_back(static_cast<uint8_t>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}

std::string tohex(const bytes& b) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (uint8_t v : b) out += {digits[v >> 4], digits[v & 15]};
  return out;
}

// A Noise session over a connected socket, one stream frame per Noise message.
class channel {
 public:
  channel(int fd, tradeseal::noise_session session) : fd_(fd), session_(std::move(session)) {}
  ~channel() { close(fd_); }
  tradeseal::noise_session& session() { return session_; }

  void send(const bytes& payload) {
    bytes frame = tradeseal::noise_encode_frame(session_.write(now_ms(), payload));
    for (size_t sent = 0; sent < frame.size();) {
      ssize_t n = ::send(fd_, frame.data() + sent, frame.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) throw failure("send failed");
      sent += static_cast<size_t>(n);
    }
  }

  // The next payload, or nothing when the peer closed the connection.
  std::optional<bytes> receive() {
    for (;;) {
      if (std::optional<bytes> message = decoder_.take()) return session_.read(now_ms(), *message);
      if (pending_.empty()) {
        uint8_t chunk[4096];
        ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) return std::nullopt;
        pending_.assign(chunk, chunk + n);
      }
      size_t used = decoder_.feed(pending_);
      pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(used));
    }
  }

  void shutdown_write() { ::shutdown(fd_, SHUT_WR); }

 private:
  tradeseal::noise_frame_decoder decoder_;
  bytes pending_;
  int fd_;
  tradeseal::noise_session session_;
};

tradeseal::signal signal_of(const json& s) {
  tradeseal::signal out;
  out.subscription_id = s.at("subscription_id").get<std::string>();
  out.sequence = s.at("sequence").get<uint64_t>();
  out.generated_at_ms = s.at("generated_at_ms").get<uint64_t>();
  out.symbol = s.at("symbol").get<std::string>();
  out.order_type = s.at("order_type").get<uint8_t>();
  out.volume = {s.at("volume_units").get<int64_t>(), s.at("volume_decimals").get<uint8_t>()};
  out.price = {s.at("price_units").get<int64_t>(), s.at("price_decimals").get<uint8_t>()};
  return out;
}

bytes payload_of(const json& step, const tradeseal::keyring& keys) {
  if (step.contains("text")) {
    std::string t = step["text"].get<std::string>();
    return bytes(t.begin(), t.end());
  }
  if (step.contains("fill")) {
    bytes out(step["fill"].get<size_t>());
    for (size_t i = 0; i < out.size(); i++) out[i] = static_cast<uint8_t>(i % 251);
    return out;
  }
  return tradeseal::signal_sign(keys, signal_of(step["signal"]));
}

void check_step(const json& step, const bytes& payload, const tradeseal::keyring& keys, uint32_t key_id, size_t index) {
  std::string where = "step " + std::to_string(index) + ": ";
  if (!step.contains("signal")) {
    if (payload != payload_of(step, keys)) throw failure(where + "payload differs (" + std::to_string(payload.size()) + " bytes)");
    return;
  }
  tradeseal::verified_signal got = tradeseal::signal_verify(keys, payload);
  tradeseal::signal want = signal_of(step["signal"]);
  const tradeseal::signal& g = got.message;
  bool same = got.key_id == key_id && g.subscription_id == want.subscription_id && g.sequence == want.sequence &&
              g.generated_at_ms == want.generated_at_ms && g.symbol == want.symbol && g.order_type == want.order_type &&
              g.volume.units == want.volume.units && g.volume.decimals == want.volume.decimals &&
              g.price.units == want.price.units && g.price.decimals == want.price.decimals;
  if (!same) throw failure(where + "signal differs (" + g.symbol + ")");
}

int listen_any(uint16_t* port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(fd, 1) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
    throw failure("cannot listen on 127.0.0.1");
  *port = ntohs(addr.sin_port);
  return fd;
}

int connect_to(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw failure("cannot connect");
  return fd;
}

void set_timeouts(int fd) {
  timeval tv{20, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

int run(int argc, char** argv) {
  if (argc < 3 || (std::string(argv[1]) != "server" && std::string(argv[1]) != "client"))
    throw failure("usage: peer_cpp server|client CONVERSATION [--port N] [--reject | --expect-closed]");
  bool server = std::string(argv[1]) == "server", reject = false, expect_closed = false;
  uint16_t port = 0;
  for (int i = 3; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--port" && i + 1 < argc) port = static_cast<uint16_t>(std::stoi(argv[++i]));
    else if (arg == "--reject") reject = true;
    else if (arg == "--expect-closed") expect_closed = true;
    else throw failure("unknown argument " + arg);
  }
  std::ifstream file(argv[2]);
  json conv = json::parse(file);
  std::string me = server ? "server" : "client", peer = server ? "client" : "server";
  bytes pinned = unhex(conv[reject ? "stranger_public" : peer + "_public"].get<std::string>());

  tradeseal::noise_builder builder(conv["protocol"].get<std::string>());
  builder.prologue(unhex(conv["prologue"].get<std::string>()))
      .local_private_key(unhex(conv[me + "_private"].get<std::string>()))
      .allow_peer(pinned);
  uint32_t key_id = conv["mac_key_id"].get<uint32_t>();
  tradeseal::keyring keys;
  keys.insert(key_id, unhex(conv["mac_key"].get<std::string>()));
  keys.promote(key_id);

  int fd;
  if (server) {
    int listener = listen_any(&port);
    std::printf("port %u\n", port);
    std::fflush(stdout);
    timeval tv{20, 0};
    setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);  // accept() times out too
    fd = accept(listener, nullptr, nullptr);
    close(listener);
    if (fd < 0) throw failure("no client connected");
  } else {
    fd = connect_to(port);
  }
  set_timeouts(fd);
  channel ch(fd, server ? builder.build_responder(now_ms()) : builder.build_initiator(now_ms()));
  tradeseal::noise_session& session = ch.session();

  try {
    while (session.state() == TSEAL_NOISE_HANDSHAKING) {
      if (session.is_my_turn()) {
        ch.send({});
      } else if (!ch.receive()) {
        if (expect_closed) {
          std::puts("closed as expected");
          return 0;
        }
        throw failure("connection closed during the handshake");
      }
    }
  } catch (const tradeseal::error& e) {
    if (reject && e.code() == TSEAL_PEER_NOT_ALLOWED) {
      std::puts("rejected TSEAL_PEER_NOT_ALLOWED");
      return 0;
    }
    throw;
  }
  if (reject) throw failure("the handshake with a stranger's key succeeded");
  if (session.remote_static() != pinned) throw failure("the peer's static key is not the pinned one");
  std::printf("handshake_hash %s\n", tohex(session.handshake_hash()).c_str());
  if (expect_closed) {
    if (ch.receive()) throw failure("the peer sent data although it should have refused the handshake");
    std::puts("closed as expected");
    return 0;
  }
  const json& steps = conv["steps"];
  for (size_t index = 0; index < steps.size(); index++) {
    const json& step = steps[index];
    if (step["from"].get<std::string>() == me) {
      ch.send(payload_of(step, keys));
    } else {
      std::optional<bytes> payload = ch.receive();
      if (!payload) throw failure("step " + std::to_string(index) + ": connection closed");
      check_step(step, *payload, keys, key_id, index);
    }
  }
  ch.shutdown_write();
  if (ch.receive()) throw failure("data after the last step");
  std::printf("ok %zu steps\n", steps.size());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const tradeseal::error& e) {
    std::fprintf(stderr, "peer_cpp: %s: %s\n", e.name(), e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "peer_cpp: %s\n", e.what());
  }
  return 1;
}
