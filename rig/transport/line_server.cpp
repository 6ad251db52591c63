#include "rig/transport/line_server.hpp"

#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <istream>
#include <stdexcept>

namespace needlerig::rig::transport {

namespace {
constexpr std::size_t kMaxLineBytes = 64 * 1024;

/// One client: reads lines, answers each through the handler, until the line closes.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  Session(Stream stream, std::shared_ptr<LineHandler> handler, std::shared_ptr<bool> open)
      : stream_(std::move(stream)),
        handler_(std::move(handler)),
        open_(std::move(open)),
        input_(kMaxLineBytes) {}

  void close() {
    boost::system::error_code ignored;
    stream_.close(ignored);
  }

  void read() {
    boost::asio::async_read_until(
        stream_, input_, '\n',
        [self = this->shared_from_this()](const boost::system::error_code& error, std::size_t) {
          if (error || !*self->open_) return;  // closed, or a line over the limit
          self->answer();
        });
  }

 private:
  void answer() {
    std::istream in(&input_);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::optional<std::string> reply = (*handler_)(line);
    if (!reply) {
      read();
      return;
    }
    output_ = *reply + "\n";
    boost::asio::async_write(
        stream_, boost::asio::buffer(output_),
        [self = this->shared_from_this()](const boost::system::error_code& error, std::size_t) {
          if (!error && *self->open_) self->read();
        });
  }

  Stream stream_;
  std::shared_ptr<LineHandler> handler_;
  std::shared_ptr<bool> open_;
  boost::asio::streambuf input_;
  std::string output_;
};
}  // namespace

LineTcpServer::LineTcpServer(boost::asio::io_context& io, const std::string& address,
                             std::uint16_t port, LineHandler handler)
    : acceptor_(io, {boost::asio::ip::make_address(address), port}),
      handler_(std::make_shared<LineHandler>(std::move(handler))) {
  port_ = acceptor_.local_endpoint().port();
  accept();
}

LineTcpServer::~LineTcpServer() { *open_ = false; }

void LineTcpServer::accept() {
  acceptor_.async_accept([this, open = open_](const boost::system::error_code& error,
                                              boost::asio::ip::tcp::socket socket) {
    if (error || !*open) return;
    boost::system::error_code ignored;
    socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
    auto session =
        std::make_shared<Session<boost::asio::ip::tcp::socket>>(std::move(socket), handler_, open_);
    std::erase_if(clients_, [](const Client& c) { return c.alive.expired(); });
    clients_.push_back({session, [weak = std::weak_ptr(session)] {
                          if (const auto s = weak.lock()) s->close();
                        }});
    session->read();
    accept();
  });
}

void LineTcpServer::close() {
  *open_ = false;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (const Client& client : clients_) client.close();
  clients_.clear();
}

LinePtyServer::LinePtyServer(boost::asio::io_context& io, LineHandler handler)
    : handler_(std::make_shared<LineHandler>(std::move(handler))) {
  int master = -1;
  char name[256] = {};
  termios raw{};
  ::cfmakeraw(&raw);
  if (::openpty(&master, &slave_fd_, name, &raw, nullptr) != 0) {
    throw std::runtime_error("cannot open a pseudo-terminal");
  }
  path_ = name;
  auto session = std::make_shared<Session<boost::asio::posix::stream_descriptor>>(
      boost::asio::posix::stream_descriptor(io, master), handler_, open_);
  closer_ = [weak = std::weak_ptr(session)] {
    if (const auto s = weak.lock()) s->close();
  };
  session->read();
}

LinePtyServer::~LinePtyServer() {
  close();
  if (slave_fd_ >= 0) ::close(slave_fd_);
}

void LinePtyServer::close() {
  *open_ = false;
  if (closer_) closer_();
  closer_ = nullptr;
}

}  // namespace needlerig::rig::transport
