// The SCPI client against a scripted instrument on a loopback socket: the error queue after
// commands, typed replies, binary blocks, and an instrument that refuses or stops answering.
#include "rig/scpi/scpi_client.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "rig/transport/tcp_stream.hpp"
#include "tests/support/loopback_server.hpp"

namespace scpi = needlerig::rig::scpi;
namespace tr = needlerig::rig::transport;
namespace t = needlerig::testing;
using namespace std::chrono_literals;

namespace {
/// A bench supply in a few lines: VOLT/CURR/OUTP set, queries answer, unknown headers queue
/// -113 and answer nothing, as instruments do.
void supply(int fd) {
  std::map<std::string, std::string> state{{"VOLT", "0"}, {"CURR", "0"}, {"OUTP", "0"}};
  std::vector<std::string> errors;
  for (std::string line = t::read_line_from(fd); !line.empty(); line = t::read_line_from(fd)) {
    const auto space = line.find(' ');
    const std::string header = line.substr(0, space);
    if (header == "*IDN?") {
      t::write_to(fd, "ACME Instruments,PSU-1,SN42,1.2.3\r\n");
    } else if (header == "*OPC?") {
      t::write_to(fd, "1\n");
    } else if (header == "*RST" || header == "*CLS") {
      if (header == "*CLS") errors.clear();
    } else if (header == "SYST:ERR?") {
      if (errors.empty()) {
        t::write_to(fd, "+0,\"No error\"\n");
      } else {
        t::write_to(fd, errors.front() + "\n");
        errors.erase(errors.begin());
      }
    } else if (state.count(header) != 0 && space != std::string::npos) {
      const std::string value = line.substr(space + 1);
      if (header == "VOLT" && std::stod(value) > 30.0) {
        errors.push_back("-222,\"Data out of range\"");
      } else {
        state[header] = value == "ON" ? "1" : value == "OFF" ? "0" : value;
      }
    } else if (header.back() == '?' && state.count(header.substr(0, header.size() - 1)) != 0) {
      t::write_to(fd, state[header.substr(0, header.size() - 1)] + "\n");
    } else if (header == "MEAS:VOLT?") {
      t::write_to(fd, "+" + state["VOLT"] + "E+00\n");
    } else if (header == "DATA?") {
      t::write_to(fd, std::string("#15\x01\x02\n\x04\x05", 8) + "\n");
    } else if (header == "DATA:INF?") {
      t::write_to(fd, "#0abc\n");
    } else if (header == "DATA:BAD?") {
      t::write_to(fd, "#15abcdeXY\n");
    } else if (header == "HANG?") {
      // never answers, queues nothing
    } else {
      errors.push_back("-113,\"Undefined header\"");
    }
  }
}

scpi::ScpiOptions fast_options() {
  scpi::ScpiOptions o;
  o.timeout = 300ms;
  return o;
}
}  // namespace

TEST_CASE("SCPI client: identity, reset, set and read a supply", "[scpi]") {
  t::LoopbackServer server(supply);
  auto stream = tr::TcpStream::connect("127.0.0.1", server.port(), tr::deadline_in(1s));
  scpi::ScpiClient client(*stream, fast_options());
  const auto id = client.identify();
  CHECK(id.manufacturer == "ACME Instruments");
  CHECK(id.firmware == "1.2.3");
  client.reset();
  client.command("VOLT 12.5");
  client.command("OUTP ON");
  CHECK(client.query_bool("OUTP?"));
  CHECK(client.query_number("VOLT?") == 12.5);
  CHECK(client.query_number("MEAS:VOLT?") == 12.5);
}

TEST_CASE("SCPI client: a refused command names the instrument's error", "[scpi]") {
  t::LoopbackServer server(supply);
  auto stream = tr::TcpStream::connect("127.0.0.1", server.port(), tr::deadline_in(1s));
  scpi::ScpiClient client(*stream, fast_options());
  try {
    client.command("VOLT 99");
    FAIL("accepted");
  } catch (const scpi::ScpiError& e) {
    REQUIRE(e.errors().size() == 1);
    CHECK(e.errors()[0].code == -222);
    CHECK(std::string(e.what()).find("'VOLT 99' refused: -222 Data out of range") !=
          std::string::npos);
  }
  // A query the instrument does not know: no reply, and the error queue says why.
  try {
    client.query("BOGUS?");
    FAIL("answered");
  } catch (const scpi::ScpiError& e) {
    CHECK(e.errors().at(0).code == -113);
  }
  // So is a block query it does not know.
  std::array<std::uint8_t, 16> block{};
  try {
    client.query_block_into("BOGUS:DATA?", block);
    FAIL("answered");
  } catch (const scpi::ScpiError& e) {
    CHECK(e.errors().at(0).code == -113);
  }
  // The connection is still usable.
  CHECK(client.query_number("VOLT?") == 0.0);
}

TEST_CASE("SCPI client: a silent instrument is a timeout, a garbage reply a reply error",
          "[scpi]") {
  t::LoopbackServer server(supply);
  auto stream = tr::TcpStream::connect("127.0.0.1", server.port(), tr::deadline_in(1s));
  scpi::ScpiClient client(*stream, fast_options());
  CHECK_THROWS_AS(client.query("HANG?"), tr::TransportError);
  CHECK_THROWS_AS(client.query_number("*IDN?"), scpi::ScpiReplyError);
  CHECK_THROWS_AS(client.query_block("DATA:BAD?"), scpi::ScpiReplyError);
}

TEST_CASE("SCPI client: definite blocks hold any byte, indefinite ones end at the line end",
          "[scpi]") {
  t::LoopbackServer server(supply);
  auto stream = tr::TcpStream::connect("127.0.0.1", server.port(), tr::deadline_in(1s));
  scpi::ScpiClient client(*stream, fast_options());
  CHECK(client.query_block("DATA?") == std::string("\x01\x02\n\x04\x05", 5));
  CHECK(client.query_block("DATA:INF?") == "abc");
  CHECK(client.query_number("VOLT?") == 0.0);  // nothing of the blocks is left behind
}
