// Fuzzes the SCPI syntax with arbitrary bytes: the replies a controller reads (numbers, booleans,
// strings, error entries, identities, block headers) and the program messages an instrument reads
// (the simulated instruments' input). Each parser either returns a value or throws its own error
// (ScpiReplyError, ScpiCommandError): any other exception, a crash or a sanitizer report is a
// bug; a block header never claims more than it is allowed nor more header than it was given; an
// instrument answers any message, or queues an error for it.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "rig/scpi/scpi_command.hpp"
#include "rig/scpi/scpi_instrument.hpp"
#include "rig/scpi/scpi_reply.hpp"

using namespace needlerig::rig::scpi;

namespace {
/// An instrument with one numeric setting, to drive the message handling and the error queue.
class Knob final : public ScpiInstrument {
 public:
  Knob() : ScpiInstrument({"fuzz", "knob", "0", "0"}) {}

 protected:
  std::optional<std::string> execute(const ProgramUnit& unit) override {
    if (!header_matches("[SOURce]:KNOB[:LEVel]", unit.header)) {
      throw ScpiCommandError(kUndefinedHeader, "Undefined header");
    }
    if (unit.query) return nr3(value_);
    value_ = numeric_argument(unit);
    return std::nullopt;
  }
  void reset() override { value_ = 0.0; }

 private:
  double value_ = 0.0;
};
}  // namespace

template <typename Parse>
void expect_value_or_reply_error(Parse parse) {
  try {
    parse();
  } catch (const ScpiReplyError&) {
  }
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  expect_value_or_reply_error([&] { (void)parse_number(bytes); });
  expect_value_or_reply_error([&] { (void)parse_bool(bytes); });
  expect_value_or_reply_error([&] { (void)parse_error_entry(bytes); });
  expect_value_or_reply_error([&] {
    // A string read back is the reply: quoted again (a quote inside doubled), it gives the bytes.
    std::string requoted = "\"";
    for (const char c : parse_string(bytes))
      requoted += c == '"' ? std::string(2, c) : std::string(1, c);
    if (requoted + "\"" != trimmed(bytes)) std::abort();
  });
  expect_value_or_reply_error([&] {
    const Identity id = parse_identity(bytes);
    if (id.manufacturer.empty() || id.model.empty()) std::abort();
  });
  expect_value_or_reply_error([&] {
    constexpr std::size_t kMax = 1 << 20;
    if (const auto header = parse_block_header(bytes, kMax)) {
      if (header->header_bytes > bytes.size()) std::abort();
      if (header->data_bytes && *header->data_bytes > kMax) std::abort();
    }
  });
  (void)quoted(bytes);
  try {
    for (const ProgramUnit& unit : parse_program_message(bytes)) {
      if (unit.header.empty()) std::abort();
      (void)header_matches("[SOURce]:VOLTage[:LEVel][:IMMediate][:AMPLitude]", unit.header);
    }
  } catch (const ScpiCommandError& e) {
    if (e.code() >= 0) std::abort();
  }
  Knob knob;
  (void)knob.handle(bytes);
  if (!knob.handle("SYST:ERR?")) std::abort();
  return 0;
}
