#include "rig/stream/stream_control.hpp"

#include <fast_float/fast_float.h>
#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>

#include "rig/transport/protocol_text.hpp"

namespace needlerig::rig::stream {

namespace {
constexpr std::string_view kHelloPrefix = "NRST 1 ";

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string hello_line(const Hello& hello) {
  nlohmann::json channels = nlohmann::json::array();
  for (const HelloChannel& c : hello.channels) channels.push_back({{"id", c.id}, {"unit", c.unit}});
  const nlohmann::json body{{"device", hello.device},
                            {"channels", channels},
                            {"max_sample_rate_hz", hello.max_sample_rate_hz},
                            {"max_block_samples", hello.max_block_samples}};
  return std::string(kHelloPrefix) + body.dump();
}

Hello parse_hello(std::string_view line) {
  line = without_cr(line);
  if (!line.starts_with(kHelloPrefix)) {
    throw StreamControlError("not a needlerig stream server (no 'NRST 1' hello): " +
                             transport::quoted_line(line));
  }
  try {
    const auto body = nlohmann::json::parse(line.substr(kHelloPrefix.size()));
    Hello hello;
    hello.device = body.at("device").get<std::string>();
    for (const auto& c : body.at("channels")) {
      hello.channels.push_back({c.at("id").get<std::string>(), c.at("unit").get<std::string>()});
    }
    hello.max_sample_rate_hz = body.at("max_sample_rate_hz").get<double>();
    hello.max_block_samples = body.at("max_block_samples").get<std::size_t>();
    if (hello.channels.empty() || hello.channels.size() > 64 || !(hello.max_sample_rate_hz > 0.0) ||
        hello.max_block_samples == 0) {
      throw StreamControlError("a hello without channels, rate or block size");
    }
    return hello;
  } catch (const nlohmann::json::exception& e) {
    throw StreamControlError(std::string("a hello that is not the protocol's: ") + e.what());
  }
}

std::string configure_line(const Configure& c) {
  return fmt::format("CONF {} {}", c.sample_rate_hz, c.block_samples);
}

std::optional<Configure> parse_client_line(std::string_view line, std::string& command) {
  line = without_cr(line);
  if (line == "START" || line == "STOP") {
    command = std::string(line);
    return std::nullopt;
  }
  if (!line.starts_with("CONF "))
    throw StreamControlError("unknown command " + transport::quoted_line(line));
  command = "CONF";
  const std::string_view rest = line.substr(5);
  const std::size_t space = rest.find(' ');
  if (space == std::string_view::npos) throw StreamControlError("CONF needs a rate and a size");
  Configure c;
  const std::string_view rate = rest.substr(0, space);
  const std::string_view size = rest.substr(space + 1);
  const auto r = fast_float::from_chars(rate.data(), rate.data() + rate.size(), c.sample_rate_hz);
  const auto s = std::from_chars(size.data(), size.data() + size.size(), c.block_samples);
  if (r.ec != std::errc() || r.ptr != rate.data() + rate.size() || s.ec != std::errc() ||
      s.ptr != size.data() + size.size() || !std::isfinite(c.sample_rate_hz) ||
      !(c.sample_rate_hz > 0.0) || c.block_samples == 0) {
    throw StreamControlError("CONF needs a positive rate and block size: " +
                             transport::quoted_line(line));
  }
  return c;
}

std::optional<std::string> parse_reply(std::string_view line) {
  line = without_cr(line);
  if (line == "OK") return std::nullopt;
  if (line.starts_with("ERR ")) return std::string(line.substr(4));
  throw StreamControlError("not a reply (OK or ERR): " + transport::quoted_line(line));
}

}  // namespace needlerig::rig::stream
