// The SCPI reply syntax on byte fixtures: what real instruments send, cut short, and garbage.
#include "rig/scpi/scpi_reply.hpp"

#include <catch2/catch.hpp>
#include <cmath>
#include <string>

using namespace needlerig::rig::scpi;

TEST_CASE("SCPI numbers: NR1, NR2, NR3 with the line ends instruments send", "[scpi]") {
  CHECK(parse_number("5\n") == 5.0);
  CHECK(parse_number("-0.25\r\n") == -0.25);
  CHECK(parse_number("+1.250000E+01\n") == 12.5);
  CHECK(parse_number(" 3.3e-3 ") == 3.3e-3);
  CHECK(parse_number(".5") == 0.5);
  // Overrange and not-a-number are never measurements.
  CHECK(std::isinf(parse_number("9.9E37")));
  CHECK(std::isinf(parse_number("-9.9E37")));
  CHECK(std::isnan(parse_number("9.91E37")));
  for (const char* bad : {"", "\n", "inf", "nan", "0x10", "1.0V", "1,2", "+", "--1", "1e", "ON"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_number(bad), ScpiReplyError);
  }
}

TEST_CASE("SCPI booleans", "[scpi]") {
  CHECK(parse_bool("1\n"));
  CHECK(parse_bool("ON"));
  CHECK(parse_bool("on\r\n"));
  CHECK_FALSE(parse_bool("0"));
  CHECK_FALSE(parse_bool("OFF"));
  for (const char* bad : {"", "2", "TRUE", "O", "1 1"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_bool(bad), ScpiReplyError);
  }
}

TEST_CASE("SCPI strings: quotes around, a quote inside doubled", "[scpi]") {
  CHECK(parse_string("\"protrusion_mm,force_N\"\r\n") == "protrusion_mm,force_N");
  CHECK(parse_string("\"\"") == "");
  CHECK(parse_string("\"say \"\"hi\"\"\"") == "say \"hi\"");
  for (const char* bad : {"", "\"", "text", "\"open", "\"a\"b\"", "\"a\"\"\"\""}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_string(bad), ScpiReplyError);
  }
}

TEST_CASE("SCPI error-queue entries", "[scpi]") {
  const auto none = parse_error_entry("+0,\"No error\"\n");
  CHECK(none.code == 0);
  CHECK(none.message == "No error");
  CHECK(parse_error_entry("0,\"No error\"").code == 0);  // without the sign (Rigol)
  const auto e = parse_error_entry("-113,\"Undefined header\"\r\n");
  CHECK(e.code == -113);
  CHECK(e.message == "Undefined header");
  CHECK(parse_error_entry("-222,\"Data out of range; \"\"VOLT 99\"\"\"").message ==
        "Data out of range; \"VOLT 99\"");
  CHECK(parse_error_entry("-350").code == -350);  // the code alone
  for (const char* bad : {"", "No error", ",\"x\"", "1.5,\"x\"", "+,\"x\""}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_error_entry(bad), ScpiReplyError);
  }
}

TEST_CASE("SCPI *IDN? identities", "[scpi]") {
  const auto id = parse_identity("Keysight Technologies,E36312A,MY59001234,2.1.0-1.0.4-1.12\n");
  CHECK(id.manufacturer == "Keysight Technologies");
  CHECK(id.model == "E36312A");
  CHECK(id.serial == "MY59001234");
  CHECK(id.firmware == "2.1.0-1.0.4-1.12");
  CHECK(parse_identity("RIGOL TECHNOLOGIES,DP832,DP8C1234,00.01.14").model == "DP832");
  for (const char* bad : {"", "ACME", "ACME,PSU,1", "ACME,PSU,1,2,3", ",PSU,1,2"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_identity(bad), ScpiReplyError);
  }
}

TEST_CASE("SCPI binary blocks: definite, indefinite, cut short, garbage", "[scpi]") {
  const auto h = parse_block_header("#3100", 1000);
  REQUIRE(h);
  CHECK(h->header_bytes == 5);
  CHECK(h->data_bytes == 100u);
  const auto zero = parse_block_header("#10", 1000);
  REQUIRE(zero);
  CHECK(zero->data_bytes == 0u);
  const auto indefinite = parse_block_header("#0\x01\x02", 1000);
  REQUIRE(indefinite);
  CHECK(indefinite->header_bytes == 2);
  CHECK_FALSE(indefinite->data_bytes);
  // Cut short: more bytes needed, not an error.
  CHECK_FALSE(parse_block_header("", 1000));
  CHECK_FALSE(parse_block_header("#", 1000));
  CHECK_FALSE(parse_block_header("#4", 1000));
  CHECK_FALSE(parse_block_header("#410", 1000));
  // Garbage, and blocks larger than the caller takes.
  CHECK_THROWS_AS(parse_block_header("1.0\n", 1000), ScpiReplyError);
  CHECK_THROWS_AS(parse_block_header("#A", 1000), ScpiReplyError);
  CHECK_THROWS_AS(parse_block_header("#21x", 1000), ScpiReplyError);
  CHECK_THROWS_AS(parse_block_header("#9999999999", 1000), ScpiReplyError);
}

TEST_CASE("Replies in messages are quoted with their control bytes escaped", "[scpi]") {
  CHECK(quoted("OK\r\n") == "'OK\\r\\n'");
  CHECK(quoted(std::string("\x00\x1b[2J", 5)) == "'\\x00\\x1b[2J'");
  CHECK(quoted(std::string(100, 'a'), 4) == "'aaaa'...");
}
