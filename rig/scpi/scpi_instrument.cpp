#include "rig/scpi/scpi_instrument.hpp"

#include <fmt/format.h>

namespace needlerig::rig::scpi {

namespace {
constexpr std::size_t kQueueLength = 20;  // then -350, as SCPI 1999 section 21.8 has it
}

std::optional<std::string> ScpiInstrument::handle(std::string_view line) {
  std::optional<std::string> reply;
  try {
    for (const ProgramUnit& unit : parse_program_message(line)) {
      std::optional<std::string> answer;
      if (!common(unit, answer)) answer = execute(unit);
      if (answer) reply = reply ? *reply + ";" + *answer : *answer;
    }
  } catch (const ScpiCommandError& e) {
    queue_error(e.code(), e.what());
    return std::nullopt;  // an instrument answers a refused message with nothing
  }
  return reply;
}

bool ScpiInstrument::common(const ProgramUnit& unit, std::optional<std::string>& answer) {
  const bool error_query = unit.query && header_matches("SYSTem:ERRor[:NEXT]", unit.header);
  if (!error_query && !unit.header.starts_with('*')) return false;
  if (!unit.arguments.empty()) {
    throw ScpiCommandError(kParameterNotAllowed, "Parameter not allowed");
  }
  if (error_query) {
    if (errors_.empty()) {
      answer = "+0,\"No error\"";
    } else {
      answer = fmt::format("{:+d},\"{}\"", errors_.front().code, errors_.front().message);
      errors_.pop_front();
    }
  } else if (header_matches("*IDN", unit.header) && unit.query) {
    answer = fmt::format("{},{},{},{}", identity_.manufacturer, identity_.model, identity_.serial,
                         identity_.firmware);
  } else if (header_matches("*OPC", unit.header) && unit.query) {
    answer = "1";  // every operation of a simulated instrument completes at once
  } else if (header_matches("*RST", unit.header) && !unit.query) {
    reset();
  } else if (header_matches("*CLS", unit.header) && !unit.query) {
    errors_.clear();
  } else if (header_matches("*TRG", unit.header) && !unit.query) {
    trigger();
  } else if ((header_matches("*OPC", unit.header) || header_matches("*WAI", unit.header)) &&
             !unit.query) {
    // nothing pending
  } else {
    throw ScpiCommandError(kUndefinedHeader, "Undefined header");
  }
  return true;
}

void ScpiInstrument::trigger() { throw ScpiCommandError(kUndefinedHeader, "Undefined header"); }

void ScpiInstrument::queue_error(int code, const std::string& message) {
  if (errors_.size() + 1 >= kQueueLength) {
    if (errors_.size() < kQueueLength) errors_.push_back({-350, "Queue overflow"});
    return;
  }
  errors_.push_back({code, message});
}

std::string nr3(double value) { return fmt::format("{:+.6E}", value); }

}  // namespace needlerig::rig::scpi
