// The instrument side of SCPI: program messages as controllers send them, header forms, the
// common commands and the error queue.
#include "rig/scpi/scpi_command.hpp"

#include <catch2/catch.hpp>
#include <optional>
#include <string>

#include "rig/scpi/scpi_instrument.hpp"

using namespace needlerig::rig::scpi;

namespace {
int error_code_of(const char* line) {
  try {
    parse_program_message(line);
  } catch (const ScpiCommandError& e) {
    return e.code();
  }
  return 0;
}

/// An instrument with one setting, LEVel, to try the base class on.
class OneSetting final : public ScpiInstrument {
 public:
  OneSetting() : ScpiInstrument({"ACME", "ONE", "7", "0.1"}) {}
  double level = 0.0;

 protected:
  std::optional<std::string> execute(const ProgramUnit& unit) override {
    if (!header_matches("[SOURce]:LEVel", unit.header)) {
      throw ScpiCommandError(kUndefinedHeader, "Undefined header");
    }
    if (unit.query) return nr3(level);
    level = numeric_argument(unit);
    return std::nullopt;
  }
  void reset() override { level = 0.0; }
};
}  // namespace

TEST_CASE("SCPI program messages: headers, queries, arguments, compound units", "[scpi]") {
  const auto units = parse_program_message(":SOUR:VOLT 5.5;OUTP ON; MEAS:CURR?");
  REQUIRE(units.size() == 3);
  CHECK(units[0].header == ":SOUR:VOLT");
  CHECK_FALSE(units[0].query);
  CHECK(units[0].arguments == std::vector<std::string>{"5.5"});
  CHECK(units[1].arguments == std::vector<std::string>{"ON"});
  CHECK(units[2].header == "MEAS:CURR");
  CHECK(units[2].query);
  CHECK(units[2].arguments.empty());
  const auto quoted_args = parse_program_message("DISP:TEXT \"a;b, c\", 2");
  REQUIRE(quoted_args.size() == 1);
  CHECK(quoted_args[0].arguments == std::vector<std::string>{"\"a;b, c\"", "2"});
  CHECK(parse_program_message("").empty());
  CHECK(parse_program_message("  ").empty());
  for (const char* bad : {"VOLT 1,", "VOLT ,1", ";", "VOLT 1;", "VOLT:", "VO$LT 1",
                          "DISP:TEXT \"open", "::VOLT 1", "?"}) {
    INFO(bad);
    CHECK(error_code_of(bad) == kSyntaxError);
  }
}

TEST_CASE("SCPI headers match in short or long form, optional nodes left out, any case", "[scpi]") {
  const char* pattern = "[SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]";
  for (const char* yes : {"VOLT", "volt", "VOLTage", "SOUR:VOLT", ":SOURCE:VOLTAGE",
                          "VOLT:LEV:IMM:AMPL", "VOLT:AMPL", "SOURce:VOLTage:LEVel"}) {
    INFO(yes);
    CHECK(header_matches(pattern, yes));
  }
  for (const char* no :
       {"VOL", "VOLTA", "SOU:VOLT", "VOLT:LEV:LEV", "CURR", "VOLT:AMPL:IMM", "LEV"}) {
    INFO(no);
    CHECK_FALSE(header_matches(pattern, no));
  }
  CHECK(header_matches("MEASure[:SCALar]:CURRent[:DC]", "MEAS:SCAL:CURR:DC"));
  CHECK(header_matches("*IDN", "*idn"));
  CHECK_FALSE(header_matches("*IDN", "*ID"));
}

TEST_CASE("A SCPI instrument: common commands, errors queued, refused messages unanswered",
          "[scpi]") {
  OneSetting instrument;
  CHECK(instrument.handle("*IDN?") == "ACME,ONE,7,0.1");
  CHECK(instrument.handle("LEV 2.5") == std::nullopt);
  CHECK(instrument.handle("LEV?;*OPC?") == "+2.500000E+00;1");
  CHECK(instrument.handle("SYST:ERR?") == "+0,\"No error\"");
  // A refused unit queues its error, drops the rest of the message and answers nothing.
  CHECK(instrument.handle("BOGUS 1;LEV 9") == std::nullopt);
  CHECK(instrument.level == 2.5);
  CHECK(instrument.handle("LEV?;NOPE?") == std::nullopt);
  CHECK(instrument.handle("LEV") == std::nullopt);      // -109
  CHECK(instrument.handle("LEV 1,2") == std::nullopt);  // -108
  CHECK(instrument.handle("LEV abc") == std::nullopt);  // -104
  CHECK(instrument.handle("*IDN? 1") == std::nullopt);  // -108
  CHECK(instrument.handle("SYST:ERR?") == "-113,\"Undefined header\"");
  CHECK(instrument.handle("SYSTem:ERRor:NEXT?") == "-113,\"Undefined header\"");
  CHECK(instrument.handle("SYST:ERR?") == "-109,\"Missing parameter\"");
  CHECK(instrument.handle("SYST:ERR?") == "-108,\"Parameter not allowed\"");
  CHECK(instrument.handle("SYST:ERR?") == "-104,\"Data type error; not a number\"");
  CHECK(instrument.handle("SYST:ERR?") == "-108,\"Parameter not allowed\"");
  CHECK(instrument.handle("SYST:ERR?") == "+0,\"No error\"");
  // *RST sets the defined state; *CLS empties the queue; a full queue ends in -350.
  instrument.handle("*RST");
  CHECK(instrument.level == 0.0);
  for (int i = 0; i < 30; ++i) instrument.handle("BOGUS");
  std::string last;
  for (int i = 0; i < 20; ++i) last = *instrument.handle("SYST:ERR?");  // 19, then -350
  CHECK(last == "-350,\"Queue overflow\"");
  CHECK(instrument.handle("SYST:ERR?") == "+0,\"No error\"");
  instrument.handle("BOGUS");
  instrument.handle("*CLS");
  CHECK(instrument.handle("SYST:ERR?") == "+0,\"No error\"");
}
