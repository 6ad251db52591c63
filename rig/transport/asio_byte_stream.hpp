#pragma once
// The ByteStream of an Asio stream (a TCP socket, a serial port): each exchange is an asynchronous
// operation run on the stream's own io_context until it completes or its deadline passes, and
// cancelled then, so that a silent peer costs exactly the deadline. One io_context per stream: the
// driver that owns the stream runs it from its own thread, and nothing else is queued on it.

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/system/error_code.hpp>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "rig/transport/byte_stream.hpp"

namespace needlerig::rig::transport {

/// The TransportError for an error the operating system reported on `peer`.
TransportError error_for(const boost::system::error_code& error, const std::string& peer,
                         std::string_view doing);

template <typename AsioStream>
class AsioByteStream : public ByteStream {
 public:
  void write(std::string_view bytes, Deadline deadline) override {
    run(
        [&](auto handler) {
          boost::asio::async_write(stream_, boost::asio::buffer(bytes.data(), bytes.size()),
                                   handler);
        },
        deadline, "writing");
  }

  std::string read_until(char delimiter, std::size_t max_bytes, Deadline deadline) override {
    std::size_t searched = 0;
    for (;;) {
      const std::size_t at = buffer_.find(delimiter, searched);
      if (at != std::string::npos && at <= max_bytes) {
        std::string line = buffer_.substr(0, at);
        buffer_.erase(0, at + 1);
        return line;
      }
      if (buffer_.size() > max_bytes) {
        throw TransportError(
            TransportErrorKind::garbage, peer_,
            "more than " + std::to_string(max_bytes) + " bytes without a line end");
      }
      searched = buffer_.size();
      fill(deadline, "waiting for a line");
    }
  }

  std::string read_exact(std::size_t count, Deadline deadline) override {
    while (buffer_.size() < count) fill(deadline, "waiting for the rest of a reply");
    std::string bytes = buffer_.substr(0, count);
    buffer_.erase(0, count);
    return bytes;
  }

  void read_into(std::span<std::uint8_t> out, Deadline deadline) override {
    while (buffer_.size() < out.size()) fill(deadline, "waiting for the rest of a frame");
    std::memcpy(out.data(), buffer_.data(), out.size());
    buffer_.erase(0, out.size());
  }

  void discard_input() override {
    buffer_.clear();
    // Whatever the peer already sent: read while reads complete without waiting.
    for (int reads = 0; reads < 64; ++reads) {
      bool done = false;
      boost::system::error_code error;
      stream_.async_read_some(boost::asio::buffer(chunk_),
                              [&](const boost::system::error_code& ec, std::size_t) {
                                done = true;
                                error = ec;
                              });
      io_.restart();
      io_.poll();
      if (!done) {
        cancel_pending();
        return;
      }
      if (error) return;  // the next exchange reports a closed peer
    }
  }

  const std::string& peer() const override { return peer_; }

 protected:
  explicit AsioByteStream(std::string peer) : stream_(io_), peer_(std::move(peer)) {}

  /// Runs the operation `start(handler)` begins until it completes or `deadline` passes (then it
  /// is cancelled: TransportError timeout). Returns the bytes it moved.
  template <typename Start>
  std::size_t run(Start start, Deadline deadline, std::string_view doing) {
    std::optional<boost::system::error_code> result;
    std::size_t moved = 0;
    start([&](const boost::system::error_code& ec, std::size_t n) {
      result = ec;
      moved = n;
    });
    io_.restart();
    io_.run_until(deadline);
    if (!result) {
      cancel_pending();
      if (!result || *result == boost::asio::error::operation_aborted) {
        throw TransportError(TransportErrorKind::timeout, peer_,
                             "no answer before the deadline (" + std::string(doing) + ")");
      }
    }
    if (*result) throw error_for(*result, peer_, doing);
    return moved;
  }

  boost::asio::io_context io_;
  AsioStream stream_;

 private:
  /// Cancels the operation in progress and lets its handler run (with operation_aborted, or with
  /// its result when it completed meanwhile).
  void cancel_pending() {
    boost::system::error_code ignored;
    stream_.cancel(ignored);
    io_.restart();
    io_.run();
  }

  void fill(Deadline deadline, std::string_view doing) {
    const std::size_t n =
        run([&](auto handler) { stream_.async_read_some(boost::asio::buffer(chunk_), handler); },
            deadline, doing);
    buffer_.append(chunk_.data(), n);
  }

  std::string peer_;
  std::string buffer_;
  std::array<char, 65536> chunk_{};
};

}  // namespace needlerig::rig::transport
