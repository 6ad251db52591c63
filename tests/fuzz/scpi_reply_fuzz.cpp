// Fuzzes the SCPI reply syntax (numbers, booleans, error entries, identities, block headers) with
// arbitrary bytes. Each parser either returns a value or throws ScpiReplyError: any other
// exception, a crash or a sanitizer report is a bug; a block header never claims more than it is
// allowed nor more bytes of header than it was given.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "rig/scpi/scpi_reply.hpp"

using namespace needlerig::rig::scpi;

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
  return 0;
}
