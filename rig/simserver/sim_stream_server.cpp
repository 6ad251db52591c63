#include "rig/simserver/sim_stream_server.hpp"

#include <sys/socket.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <istream>
#include <mutex>
#include <thread>
#include <vector>

#include "rig/core/driver_error.hpp"
#include "rig/stream/stream_control.hpp"
#include "rig/stream/stream_frame.hpp"

namespace needlerig::rig::simserver {

namespace {
using boost::asio::ip::tcp;
constexpr std::size_t kMaxBlockSamples = 1'000'000;
constexpr double kMaxRateHz = 2e6;
}  // namespace

struct SimStreamServer::Impl {
  Impl(core::StreamSource& s, const core::StreamConfig& c, std::string d, const std::string& a,
       std::uint16_t p)
      : source(s),
        config(c),
        device(std::move(d)),
        acceptor(io, {boost::asio::ip::make_address(a), p}) {}

  void serve();
  void session(tcp::socket& socket);
  /// Streams until STOP, the client goes, the source disconnects or the server stops; false when
  /// the connection is to be closed.
  bool stream(tcp::socket& socket, boost::asio::streambuf& input);
  static std::string read_line(tcp::socket& socket, boost::asio::streambuf& input);
  void write(tcp::socket& socket, const std::string& line) {
    boost::asio::write(socket, boost::asio::buffer(line + "\n"));
  }

  core::StreamSource& source;
  core::StreamConfig config;
  std::string device;
  boost::asio::io_context io;
  tcp::acceptor acceptor;
  std::atomic<bool> stopping{false};
  bool streaming = false;  // this server's client activated the source (serving thread only)
  std::mutex socket_mutex;
  int client_fd = -1;  // for stop() to unblock a read or write on the client's connection
};

SimStreamServer::SimStreamServer(core::StreamSource& source, const core::StreamConfig& initial,
                                 std::string device, const std::string& address, std::uint16_t port)
    : impl_(std::make_unique<Impl>(source, initial, std::move(device), address, port)) {
  port_ = impl_->acceptor.local_endpoint().port();
  impl_->source.configure(initial);
  thread_ = std::thread([this] { impl_->serve(); });
}

SimStreamServer::~SimStreamServer() { stop(); }

void SimStreamServer::stop() {
  if (impl_->stopping.exchange(true)) return;
  {
    std::lock_guard lock(impl_->socket_mutex);
    // The descriptor, not the Asio socket: the serving thread may be inside a blocking read or
    // write on it, and shutdown(2) wakes that call without touching the socket object.
    if (impl_->client_fd >= 0) ::shutdown(impl_->client_fd, SHUT_RDWR);
  }
  if (thread_.joinable()) thread_.join();
}

void SimStreamServer::Impl::serve() {
  // Polled, so that stop() is heard: a blocking accept() does not return when another thread
  // closes the acceptor.
  acceptor.non_blocking(true);
  while (!stopping) {
    tcp::socket socket(io);
    boost::system::error_code error;
    acceptor.accept(socket, error);
    if (error == boost::asio::error::would_block || error == boost::asio::error::try_again) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (error || stopping) return;
    socket.non_blocking(false);
    {
      std::lock_guard lock(socket_mutex);
      client_fd = socket.native_handle();
    }
    try {
      session(socket);
    } catch (const std::exception&) {
      // the client went, or sent what the protocol does not allow: next client
    }
    // Only what this client started: the DAQ may be another server's (needlerig-sim's burst DAQ
    // serves the same one), and a START it refused must not stop that capture.
    if (streaming && source.state() == core::LifecycleState::active) source.deactivate();
    streaming = false;
    std::lock_guard lock(socket_mutex);
    client_fd = -1;
  }
}

std::string SimStreamServer::Impl::read_line(tcp::socket& socket, boost::asio::streambuf& input) {
  boost::asio::read_until(socket, input, '\n');
  std::istream in(&input);
  std::string line;
  std::getline(in, line);
  return line;
}

void SimStreamServer::Impl::session(tcp::socket& socket) {
  socket.set_option(tcp::no_delay(true));
  stream::Hello hello;
  hello.device = device;
  for (const auto& c : source.channels()) hello.channels.push_back({c.id, c.unit});
  hello.max_sample_rate_hz = kMaxRateHz;
  hello.max_block_samples = kMaxBlockSamples;
  write(socket, stream::hello_line(hello));
  boost::asio::streambuf input(64 * 1024);
  while (!stopping) {
    std::string command;
    std::optional<stream::Configure> conf;
    try {
      conf = stream::parse_client_line(read_line(socket, input), command);
    } catch (const stream::StreamControlError& e) {
      write(socket, std::string("ERR ") + e.what());
      continue;
    }
    if (conf) {
      try {
        config.sample_rate_hz = conf->sample_rate_hz;
        config.block_samples = conf->block_samples;
        source.configure(config);
        write(socket, "OK");
      } catch (const core::DriverError& e) {
        write(socket, std::string("ERR ") + e.what());
      }
    } else if (command == "START") {
      if (!stream(socket, input)) return;
    }
    // STOP while not streaming: nothing to stop
  }
}

bool SimStreamServer::Impl::stream(tcp::socket& socket, boost::asio::streambuf& input) {
  source.activate();  // throws while another server's client captures: this client is closed
  streaming = true;
  core::SampleBlock block;
  block.codes.resize(config.block_samples * source.channels().size());
  std::vector<std::uint8_t> frame;
  std::uint64_t sequence = 0;
  const auto channel_count = static_cast<std::uint16_t>(source.channels().size());
  while (!stopping) {
    if (input.size() > 0 || socket.available() > 0) {
      std::string command;
      (void)stream::parse_client_line(read_line(socket, input), command);
      if (command == "STOP") break;
      continue;
    }
    const core::ReadStatus status = source.read_block(block, std::chrono::milliseconds(50));
    if (status == core::ReadStatus::timeout) continue;
    if (status == core::ReadStatus::disconnected) return false;  // the DAQ went away
    stream::FrameHeader header;
    header.sequence = sequence++;
    header.first_sample_index = block.first_sample_index;
    header.daq_time_ns = block.first_sample_time_ns;
    header.sample_count = static_cast<std::uint32_t>(block.sample_count);
    header.channel_count = channel_count;
    header.flags = status == core::ReadStatus::overrun ? stream::kFlagOverrun : 0;
    frame.clear();
    stream::append_frame(frame, header,
                         std::span(block.codes.data(), block.sample_count * channel_count));
    boost::asio::write(socket, boost::asio::buffer(frame));
  }
  source.deactivate();
  streaming = false;
  stream::FrameHeader end;
  end.sequence = sequence;
  end.channel_count = channel_count;
  end.flags = stream::kFlagEnd;
  frame.clear();
  stream::append_frame(frame, end, {});
  boost::asio::write(socket, boost::asio::buffer(frame));
  return true;
}

}  // namespace needlerig::rig::simserver
