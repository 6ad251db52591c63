// The transports over real loopback TCP sockets and pseudo-terminal pairs: replies split across
// packets, silent peers, peers that close, garbage, reconnection.
#include <pty.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "rig/transport/reconnecting_stream.hpp"
#include "rig/transport/serial_stream.hpp"
#include "rig/transport/tcp_stream.hpp"
#include "tests/support/loopback_server.hpp"

namespace tr = needlerig::rig::transport;
namespace t = needlerig::testing;
using namespace std::chrono_literals;
using Kind = tr::TransportErrorKind;

namespace {
std::unique_ptr<tr::TcpStream> connect_to(const t::LoopbackServer& server) {
  return tr::TcpStream::connect("127.0.0.1", server.port(), tr::deadline_in(1s));
}

/// The kind of TransportError `f` throws, and how long it took.
template <typename F>
std::pair<Kind, std::chrono::milliseconds> failure_of(F f) {
  const auto start = std::chrono::steady_clock::now();
  try {
    f();
  } catch (const tr::TransportError& e) {
    return {e.kind(), std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)};
  }
  FAIL("no TransportError");
  return {};
}
}  // namespace

TEST_CASE("TCP: a line exchange, a reply split across packets, bytes kept for the next read",
          "[transport]") {
  t::LoopbackServer server([](int fd) {
    CHECK(t::read_line_from(fd) == "*IDN?");
    t::write_to(fd, "ACME,");
    std::this_thread::sleep_for(30ms);
    t::write_to(fd, "PSU-1,42,1.0\nSECOND\n");
    CHECK(t::read_line_from(fd) == "BYE");
  });
  auto s = connect_to(server);
  CHECK(s->peer() == "tcp 127.0.0.1:" + std::to_string(server.port()));
  s->write("*IDN?\n", tr::deadline_in(1s));
  CHECK(s->read_until('\n', 1024, tr::deadline_in(1s)) == "ACME,PSU-1,42,1.0");
  CHECK(s->read_until('\n', 1024, tr::deadline_in(1s)) == "SECOND");
  s->write("BYE\n", tr::deadline_in(1s));
}

TEST_CASE("TCP: a silent peer ends the exchange at its deadline", "[transport]") {
  t::LoopbackServer server([](int fd) {  // reads, never answers, keeps the connection
    t::read_line_from(fd);
    std::this_thread::sleep_for(400ms);
  });
  auto s = connect_to(server);
  s->write("MEAS:VOLT?\n", tr::deadline_in(1s));
  const auto [kind, took] = failure_of([&] { s->read_until('\n', 1024, tr::deadline_in(200ms)); });
  CHECK(kind == Kind::timeout);
  CHECK(took >= 190ms);
  CHECK(took < 600ms);
}

TEST_CASE("TCP: a peer that closes is reported closed, mid-reply too", "[transport]") {
  t::LoopbackServer server([](int fd) {
    t::read_line_from(fd);
    t::write_to(fd, "PARTIAL");  // no line end, then the connection closes
  });
  auto s = connect_to(server);
  s->write("Q?\n", tr::deadline_in(1s));
  CHECK(failure_of([&] { s->read_until('\n', 1024, tr::deadline_in(1s)); }).first == Kind::closed);
}

TEST_CASE("TCP: a line longer than the protocol allows is garbage, not a hang", "[transport]") {
  t::LoopbackServer server([](int fd) {
    t::write_to(fd, std::string(5000, 'x'));
    std::this_thread::sleep_for(300ms);
  });
  auto s = connect_to(server);
  CHECK(failure_of([&] { s->read_until('\n', 1024, tr::deadline_in(2s)); }).first == Kind::garbage);
}

TEST_CASE("TCP: nobody listening is a connect failure", "[transport]") {
  const auto port = t::unused_port();
  CHECK(failure_of([&] { tr::TcpStream::connect("127.0.0.1", port, tr::deadline_in(1s)); }).first ==
        Kind::connect_failed);
  CHECK(failure_of([&] {
          tr::TcpStream::connect("no-such-host.invalid", 5025, tr::deadline_in(1s));
        }).first == Kind::connect_failed);
}

TEST_CASE("TCP: a length-framed read takes the header, then the payload it announces",
          "[transport]") {
  t::LoopbackServer server([](int fd) {
    t::write_to(fd, std::string("\x05\x00\x00\x00", 4) + "HELLO" +
                        std::string("\x02\x00\x00\x00", 4) + "OK");
  });
  auto s = connect_to(server);
  const auto length = [](std::string_view header) {
    return static_cast<std::size_t>(static_cast<unsigned char>(header[0]));
  };
  CHECK(tr::read_length_framed(*s, 4, length, tr::deadline_in(1s)).substr(4) == "HELLO");
  CHECK(tr::read_length_framed(*s, 4, length, tr::deadline_in(1s)).substr(4) == "OK");
}

TEST_CASE("Reconnecting: a dropped connection fails its exchange, the next one reconnects",
          "[transport]") {
  t::LoopbackServer server([](int fd) {
    if (t::read_line_from(fd) == "DROP") return;  // closes without answering
    t::write_to(fd, "PONG\n");
    t::read_line_from(fd);
  });
  const auto port = server.port();
  tr::ReconnectingStream s(
      [port](tr::Deadline d) { return tr::TcpStream::connect("127.0.0.1", port, d); },
      {10ms, 50ms, 3}, "tcp test");
  s.write("DROP\n", tr::deadline_in(1s));
  CHECK(failure_of([&] { s.read_until('\n', 64, tr::deadline_in(1s)); }).first == Kind::closed);
  CHECK_FALSE(s.connected());
  s.write("PING\n", tr::deadline_in(1s));
  CHECK(s.read_until('\n', 64, tr::deadline_in(1s)) == "PONG");
  CHECK(s.reconnects() == 1);
  CHECK(server.connections() == 2);
}

TEST_CASE("Reconnecting: a late reply to a timed-out exchange is not taken for the next one's",
          "[transport]") {
  t::LoopbackServer server([](int fd) {
    t::read_line_from(fd);
    std::this_thread::sleep_for(150ms);
    t::write_to(fd, "LATE\n");
    t::read_line_from(fd);
    t::write_to(fd, "FRESH\n");
  });
  const auto port = server.port();
  tr::ReconnectingStream s(
      [port](tr::Deadline d) { return tr::TcpStream::connect("127.0.0.1", port, d); }, {},
      "tcp test");
  s.write("SLOW?\n", tr::deadline_in(1s));
  CHECK(failure_of([&] { s.read_until('\n', 64, tr::deadline_in(50ms)); }).first == Kind::timeout);
  std::this_thread::sleep_for(250ms);  // the late reply arrives
  s.write("NEXT?\n", tr::deadline_in(1s));
  CHECK(s.read_until('\n', 64, tr::deadline_in(1s)) == "FRESH");
  CHECK(s.reconnects() == 0);
}

TEST_CASE("Reconnecting: a peer that never comes back fails within the attempts and deadline",
          "[transport]") {
  const auto port = t::unused_port();
  tr::ReconnectingStream s(
      [port](tr::Deadline d) { return tr::TcpStream::connect("127.0.0.1", port, d); },
      {20ms, 40ms, 3}, "tcp test");
  const auto [kind, took] = failure_of([&] { s.connect_now(tr::deadline_in(2s)); });
  CHECK(kind == Kind::connect_failed);
  CHECK(took >= 55ms);  // two waits: 20 ms and 40 ms
  CHECK(took < 1s);
}

TEST_CASE("Serial: a pseudo-terminal pair carries lines both ways; a closed side is reported",
          "[transport]") {
  int master = -1;
  int slave = -1;
  char name[256] = {};
  REQUIRE(::openpty(&master, &slave, name, nullptr, nullptr) == 0);
  ::close(slave);  // the stream opens the device by name, as a station file gives it
  {
    tr::SerialSettings settings;
    settings.baud = 9'600;
    auto s = tr::SerialStream::open(name, settings);
    CHECK(s->peer() == std::string("serial ") + name);
    s->write("/1 get pos\n", tr::deadline_in(1s));
    CHECK(t::read_line_from(master) == "/1 get pos");
    t::write_to(master, "@01 0 OK IDLE -- 0\r\n");
    CHECK(s->read_until('\n', 256, tr::deadline_in(1s)) == "@01 0 OK IDLE -- 0\r");
    CHECK(failure_of([&] { s->read_until('\n', 256, tr::deadline_in(100ms)); }).first ==
          Kind::timeout);
    ::close(master);
    CHECK(failure_of([&] { s->read_until('\n', 256, tr::deadline_in(1s)); }).first == Kind::closed);
  }
  CHECK(failure_of([] { tr::SerialStream::open("/dev/no-such-tty", {}); }).first ==
        Kind::connect_failed);
}
