#include "rig/scpi/scpi_tcp_server.hpp"

#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <istream>

namespace needlerig::rig::scpi {

namespace {
constexpr std::size_t kMaxMessageBytes = 64 * 1024;
}

class ScpiTcpServer::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, ScpiInstrument& instrument,
          std::shared_ptr<bool> open)
      : socket_(std::move(socket)),
        instrument_(instrument),
        open_(std::move(open)),
        input_(kMaxMessageBytes) {}

  void close() {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  void read() {
    boost::asio::async_read_until(
        socket_, input_, '\n',
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
          if (error || !*self->open_) return;  // closed, or a line over the limit: drop it
          self->answer();
        });
  }

 private:
  void answer() {
    std::istream in(&input_);
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const std::optional<std::string> reply = instrument_.handle(line);
    if (!reply) {
      read();
      return;
    }
    output_ = *reply + "\n";
    boost::asio::async_write(
        socket_, boost::asio::buffer(output_),
        [self = shared_from_this()](const boost::system::error_code& error, std::size_t) {
          if (!error && *self->open_) self->read();
        });
  }

  boost::asio::ip::tcp::socket socket_;
  ScpiInstrument& instrument_;
  std::shared_ptr<bool> open_;
  boost::asio::streambuf input_;
  std::string output_;
};

ScpiTcpServer::ScpiTcpServer(boost::asio::io_context& io, const std::string& address,
                             std::uint16_t port, ScpiInstrument& instrument)
    : acceptor_(io, {boost::asio::ip::make_address(address), port}), instrument_(instrument) {
  accept();
}

void ScpiTcpServer::accept() {
  acceptor_.async_accept(
      [this](const boost::system::error_code& error, boost::asio::ip::tcp::socket socket) {
        if (error || !*open_) return;
        boost::system::error_code ignored;
        socket.set_option(boost::asio::ip::tcp::no_delay(true), ignored);
        auto session = std::make_shared<Session>(std::move(socket), instrument_, open_);
        std::erase_if(sessions_, [](const auto& s) { return s.expired(); });
        sessions_.push_back(session);
        session->read();
        accept();
      });
}

void ScpiTcpServer::close() {
  *open_ = false;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (const auto& weak : sessions_) {
    if (const auto session = weak.lock()) session->close();
  }
  sessions_.clear();
}

}  // namespace needlerig::rig::scpi
