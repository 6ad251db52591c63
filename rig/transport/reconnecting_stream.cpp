#include "rig/transport/reconnecting_stream.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace needlerig::rig::transport {

ReconnectingStream::ReconnectingStream(Connect connect, Backoff backoff, std::string peer)
    : connect_(std::move(connect)), backoff_(backoff), peer_(std::move(peer)) {}

void ReconnectingStream::connect_now(Deadline deadline) { stream(deadline); }

ByteStream& ReconnectingStream::stream(Deadline deadline) {
  if (stream_) return *stream_;
  auto wait = backoff_.first;
  for (int attempt = 1;; ++attempt) {
    try {
      stream_ = connect_(deadline);
      if (ever_connected_) ++reconnects_;
      ever_connected_ = true;
      stale_input_ = false;
      return *stream_;
    } catch (const TransportError& e) {
      const auto now = std::chrono::steady_clock::now();
      if (attempt >= backoff_.attempts || now + wait >= deadline) {
        throw TransportError(TransportErrorKind::connect_failed, peer_,
                             "no connection after " + std::to_string(attempt) +
                                 (attempt == 1 ? " attempt: " : " attempts: ") + e.what());
      }
      std::this_thread::sleep_for(wait);
      wait = std::min(wait * 2, backoff_.max);
    }
  }
}

template <typename Exchange>
auto ReconnectingStream::exchange(Deadline deadline, Exchange op) {
  ByteStream& s = stream(deadline);
  if (stale_input_) {
    s.discard_input();
    stale_input_ = false;
  }
  try {
    return op(s);
  } catch (const TransportError& e) {
    if (e.kind() == TransportErrorKind::timeout || e.kind() == TransportErrorKind::garbage) {
      stale_input_ = true;  // what is left of the reply must not be read as the next one
    } else {
      stream_.reset();  // the next exchange connects again
    }
    throw;
  }
}

void ReconnectingStream::write(std::string_view bytes, Deadline deadline) {
  exchange(deadline, [&](ByteStream& s) { s.write(bytes, deadline); });
}

std::string ReconnectingStream::read_until(char delimiter, std::size_t max_bytes,
                                           Deadline deadline) {
  return exchange(deadline,
                  [&](ByteStream& s) { return s.read_until(delimiter, max_bytes, deadline); });
}

std::string ReconnectingStream::read_exact(std::size_t count, Deadline deadline) {
  return exchange(deadline, [&](ByteStream& s) { return s.read_exact(count, deadline); });
}

void ReconnectingStream::read_into(std::span<std::uint8_t> out, Deadline deadline) {
  exchange(deadline, [&](ByteStream& s) { s.read_into(out, deadline); });
}

void ReconnectingStream::discard_input() {
  if (stream_) stream_->discard_input();
  stale_input_ = false;
}

}  // namespace needlerig::rig::transport
