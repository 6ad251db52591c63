#pragma once
// Line-oriented servers for the simulated instruments: each line a client sends goes to a
// handler, whose reply (if any) goes back followed by a line end. On TCP (several clients at once,
// as LAN instruments allow) or on a pseudo-terminal (the device path a serial driver opens, as a
// USB-serial instrument appears). Handlers run one at a time on the io_context's thread. A line
// longer than 64 KiB closes that client's connection.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace needlerig::rig::transport {

/// The reply to one line (without its line end; "" is an empty line), or nullopt for none.
using LineHandler = std::function<std::optional<std::string>(std::string_view line)>;

class LineTcpServer {
 public:
  /// Listens on `address`:`port` (0: a free port). Throws boost::system::system_error.
  LineTcpServer(boost::asio::io_context& io, const std::string& address, std::uint16_t port,
                LineHandler handler);
  ~LineTcpServer();

  std::uint16_t port() const { return port_; }
  /// Stops listening and closes every client's connection (an instrument switched off).
  void close();

 private:
  void accept();

  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::shared_ptr<LineHandler> handler_;
  std::shared_ptr<bool> open_ = std::make_shared<bool>(true);
  /// The live clients, each with the way to close it (a client gone is pruned at the next accept,
  /// so that a server clients reconnect to for every command does not grow).
  struct Client {
    std::weak_ptr<void> alive;
    std::function<void()> close;
  };
  std::vector<Client> clients_;
};

class LinePtyServer {
 public:
  /// Opens a pseudo-terminal pair and serves its master side. Throws std::runtime_error.
  LinePtyServer(boost::asio::io_context& io, LineHandler handler);
  ~LinePtyServer();

  /// The device a client opens (/dev/pts/N).
  const std::string& device_path() const { return path_; }
  void close();

 private:
  std::string path_;
  int slave_fd_ = -1;  // kept open, so that the master does not read EIO between clients
  std::shared_ptr<LineHandler> handler_;
  std::shared_ptr<bool> open_ = std::make_shared<bool>(true);
  std::function<void()> closer_;
};

}  // namespace needlerig::rig::transport
