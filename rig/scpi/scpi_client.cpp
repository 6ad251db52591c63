#include "rig/scpi/scpi_client.hpp"

#include <utility>

namespace needlerig::rig::scpi {

namespace {
std::string describe(const std::vector<ErrorEntry>& errors) {
  std::string text;
  for (const ErrorEntry& e : errors) {
    if (!text.empty()) text += "; ";
    text += std::to_string(e.code) + " " + e.message;
  }
  return text;
}
}  // namespace

ScpiError::ScpiError(const std::string& peer, std::string_view command,
                     std::vector<ErrorEntry> errors)
    : std::runtime_error(peer + ": '" + std::string(command) + "' refused: " + describe(errors)),
      errors_(std::move(errors)) {}

ScpiClient::ScpiClient(transport::ByteStream& stream, ScpiOptions options)
    : stream_(stream), options_(options) {}

void ScpiClient::send(std::string_view message) {
  std::string line(message);
  line += '\n';
  stream_.write(line, transport::deadline_in(options_.timeout));
}

std::string ScpiClient::read_line() {
  std::string line =
      stream_.read_until('\n', options_.max_line_bytes, transport::deadline_in(options_.timeout));
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void ScpiClient::command(std::string_view command) {
  send(command);
  if (!options_.check_errors) return;
  std::vector<ErrorEntry> errors = drain_errors();
  if (!errors.empty()) throw ScpiError(peer(), command, std::move(errors));
}

void ScpiClient::explain_timeout(std::string_view query, const transport::TransportError& e) {
  if (e.kind() != transport::TransportErrorKind::timeout || !options_.check_errors) throw e;
  // An instrument answers a query it refused with nothing: its error queue says why.
  std::vector<ErrorEntry> errors;
  try {
    stream_.discard_input();
    errors = drain_errors(4);
  } catch (const std::exception&) {
    throw e;
  }
  if (errors.empty()) throw e;
  throw ScpiError(peer(), query, std::move(errors));
}

std::string ScpiClient::query(std::string_view query) {
  send(query);
  try {
    return read_line();
  } catch (const transport::TransportError& e) {
    explain_timeout(query, e);
  }
}

double ScpiClient::query_number(std::string_view query) {
  const std::string reply = this->query(query);
  try {
    return parse_number(reply);
  } catch (const ScpiReplyError& e) {
    throw ScpiReplyError(peer() + ": reply to '" + std::string(query) + "' is not a number", reply);
  }
}

bool ScpiClient::query_bool(std::string_view query) {
  const std::string reply = this->query(query);
  try {
    return parse_bool(reply);
  } catch (const ScpiReplyError&) {
    throw ScpiReplyError(peer() + ": reply to '" + std::string(query) + "' is not a boolean",
                         reply);
  }
}

std::optional<std::size_t> ScpiClient::start_block(std::string_view query,
                                                   transport::Deadline deadline) {
  send(query);
  std::string head;
  std::optional<BlockHeader> header;
  while (!(header = parse_block_header(head, options_.max_block_bytes))) {
    try {
      head += stream_.read_exact(1, deadline);
    } catch (const transport::TransportError& e) {
      if (!head.empty()) throw;  // a block cut short is no refusal
      explain_timeout(query, e);
    }
  }
  return header->data_bytes;
}

void ScpiClient::end_block(std::string_view query, transport::Deadline deadline) {
  // The message terminator after the block (CR LF or LF).
  const std::string rest = stream_.read_until('\n', 2, deadline);
  if (!(rest.empty() || rest == "\r")) {
    throw ScpiReplyError(peer() + ": bytes after the binary block of '" + std::string(query) + "'",
                         rest);
  }
}

std::string ScpiClient::query_block(std::string_view query) {
  const auto deadline = transport::deadline_in(options_.timeout);
  const std::optional<std::size_t> data_bytes = start_block(query, deadline);
  if (!data_bytes) {
    // Indefinite: the data runs to the message's end (the line end the instrument sends last).
    return stream_.read_until('\n', options_.max_block_bytes, deadline);
  }
  std::string data = stream_.read_exact(*data_bytes, deadline);
  end_block(query, deadline);
  return data;
}

std::size_t ScpiClient::query_block_into(std::string_view query, std::span<std::uint8_t> out) {
  const auto deadline = transport::deadline_in(options_.timeout);
  const std::optional<std::size_t> data_bytes = start_block(query, deadline);
  if (!data_bytes || *data_bytes > out.size()) {
    // The reply cannot be taken: the line is out of step with it, so the caller must not go on
    // with this connection as if nothing happened.
    throw ScpiReplyError(
        peer() + ": reply to '" + std::string(query) + "' is " +
            (data_bytes ? "a block of " + std::to_string(*data_bytes) + " bytes, over the " +
                              std::to_string(out.size()) + " expected"
                        : "an indefinite block"),
        "");
  }
  stream_.read_into(out.first(*data_bytes), deadline);
  end_block(query, deadline);
  return *data_bytes;
}

Identity ScpiClient::identify() { return parse_identity(query("*IDN?")); }

void ScpiClient::reset() {
  send("*RST");
  send("*CLS");
  wait_complete();
}

void ScpiClient::wait_complete() {
  const std::string reply = query("*OPC?");
  if (trimmed(reply) != "1") throw ScpiReplyError(peer() + ": *OPC? answered", reply);
}

std::vector<ErrorEntry> ScpiClient::drain_errors(std::size_t max_entries) {
  std::vector<ErrorEntry> errors;
  for (std::size_t i = 0; i < max_entries; ++i) {
    send("SYST:ERR?");
    const ErrorEntry entry = parse_error_entry(read_line());
    if (entry.code == 0) return errors;
    errors.push_back(entry);
  }
  return errors;  // a queue that never empties: what was read is enough to refuse
}

}  // namespace needlerig::rig::scpi
