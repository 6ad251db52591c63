#pragma once
// A SCPI / IEEE 488.2 client over any ByteStream (a raw socket on port 5025, a serial line):
// commands checked against the instrument's error queue, queries with typed replies, binary
// blocks, and every exchange bounded by the timeout. Messages end with LF; replies end with LF
// (a CR before it is dropped).

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "rig/scpi/scpi_reply.hpp"
#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::scpi {

/// The instrument refused a command: the entries its error queue held after it.
class ScpiError : public std::runtime_error {
 public:
  ScpiError(const std::string& peer, std::string_view command, std::vector<ErrorEntry> errors);
  const std::vector<ErrorEntry>& errors() const { return errors_; }

 private:
  std::vector<ErrorEntry> errors_;
};

struct ScpiOptions {
  std::chrono::milliseconds timeout{2'000};  // each exchange
  bool check_errors = true;                  // SYST:ERR? after every command
  std::size_t max_line_bytes = 4'096;
  std::size_t max_block_bytes = 64u << 20;
};

class ScpiClient {
 public:
  ScpiClient(transport::ByteStream& stream, ScpiOptions options);

  /// Sends `command`; with check_errors, reads the error queue until it is empty and throws
  /// ScpiError for what it held.
  void command(std::string_view command);
  /// The reply line to `query`. A timeout asks the error queue why, and says so.
  std::string query(std::string_view query);
  double query_number(std::string_view query);
  bool query_bool(std::string_view query);
  /// The data of a binary-block reply.
  std::string query_block(std::string_view query);
  /// The data of a definite-length binary-block reply, read into `out` without allocating for
  /// it: its length. A block longer than `out`, or an indefinite one, is refused (ScpiReplyError).
  std::size_t query_block_into(std::string_view query, std::span<std::uint8_t> out);

  Identity identify();  // *IDN?
  /// *RST, *CLS, then *OPC?: the instrument in its known state with an empty error queue.
  void reset();
  /// *OPC?: waits until the operations started have completed.
  void wait_complete();
  /// Reads the error queue until "no error" (at most `max_entries`).
  std::vector<ErrorEntry> drain_errors(std::size_t max_entries = 32);

  const std::string& peer() const { return stream_.peer(); }

 private:
  void send(std::string_view message);
  std::string read_line();
  /// After `query` timed out: the error queue's reason if it holds one (ScpiError), else `e`.
  [[noreturn]] void explain_timeout(std::string_view query, const transport::TransportError& e);
  /// Sends `query` and reads its reply up to the block's data: the data length (nullopt:
  /// indefinite).
  std::optional<std::size_t> start_block(std::string_view query, transport::Deadline deadline);
  /// The message terminator after a definite block's data.
  void end_block(std::string_view query, transport::Deadline deadline);

  transport::ByteStream& stream_;
  ScpiOptions options_;
};

}  // namespace needlerig::rig::scpi
