#include "rig/simserver/sim_service_port_pen.hpp"

#include <fmt/format.h>

#include <stdexcept>

#include "rig/core/driver_error.hpp"
#include "rig/service_port/service_port_protocol.hpp"

namespace needlerig::rig::simserver {

namespace {
namespace sp = service_port;

/// A field value without spaces (the protocol separates fields by spaces).
std::string token(std::string text) {
  for (char& c : text) {
    if (c == ' ') c = '_';
  }
  return text.empty() ? "-" : text;
}

sp::Reply error(int code, const std::string& message) { return {false, code, message, {}}; }

double argument(const sp::Command& c) {
  if (c.arguments.size() != 1) throw std::invalid_argument("one value");
  std::size_t used = 0;
  const double value = std::stod(c.arguments[0], &used);
  if (used != c.arguments[0].size()) throw std::invalid_argument("a number");
  return value;
}
}  // namespace

SimServicePortPen::SimServicePortPen(core::PenDriver& pen) : pen_(pen) {
  if (pen_.state() == core::LifecycleState::inactive) pen_.activate();
}

std::optional<std::string> SimServicePortPen::handle(std::string_view line) {
  sp::Reply reply;
  try {
    const sp::Command c = sp::parse_command(line);
    const bool bare = c.arguments.empty();
    if (c.word == "HELLO" && bare) {
      reply.fields["protocol"] = "1";
    } else if (c.word == "IDENT?" && bare) {
      const core::PenIdentity& id = pen_.identity();
      reply.fields = {{"model", token(id.model)},
                      {"serial", token(id.serial)},
                      {"firmware", "sim-1.0"},
                      {"needles", std::to_string(id.needle_count)}};
    } else if (c.word == "CAPS?" && bare) {
      const core::PenCapabilities caps = pen_.capabilities();
      reply.fields = {
          {"levels", std::to_string(caps.speed_levels)},
          {"freq_min", fmt::format("{:g}", caps.frequency_min_hz)},
          {"freq_max", fmt::format("{:g}", caps.sets_frequency ? caps.frequency_max_hz : 0.0)},
          {"depth_electrical", caps.sets_depth ? "1" : "0"},
          {"depth_min", fmt::format("{:g}", caps.depth_min_mm)},
          {"depth_max", fmt::format("{:g}", caps.depth_max_mm)},
          {"depth_step", fmt::format("{:g}", caps.depth_step_mm)}};
    } else if (c.word == "SPEED") {
      pen_.set_speed_level(static_cast<int>(argument(c)));
    } else if (c.word == "FREQ") {
      pen_.set_frequency_hz(argument(c));
    } else if (c.word == "DEPTH") {
      if (pen_.status().powered) return sp::format_reply(error(sp::kNotNow, "running: stop first"));
      pen_.set_depth_mm(argument(c));
    } else if (c.word == "RUN" && bare) {
      pen_.power_on();
    } else if (c.word == "STOP" && bare) {
      pen_.power_off();
    } else if (c.word == "STATUS?" && bare) {
      const core::PenStatus s = pen_.status();
      reply.fields = {
          {"running", s.powered ? "1" : "0"},
          {"fault", s.fault ? "1" : "0"},
          {"depth", s.depth_setting_mm ? fmt::format("{:g}", *s.depth_setting_mm) : "-"},
          {"current", s.supply_current_a ? fmt::format("{:g}", *s.supply_current_a) : "-"}};
    } else {
      reply = error(sp::kUnknownCommand, "unknown command");
    }
  } catch (const sp::ServicePortError& e) {
    reply = error(sp::kUnknownCommand, e.what());
  } catch (const std::invalid_argument&) {
    reply = error(sp::kBadValue, "expected one number");
  } catch (const std::out_of_range&) {
    reply = error(sp::kBadValue, "expected one number");
  } catch (const core::DriverError& e) {
    reply = error(sp::kBadValue, e.what());
  }
  return sp::format_reply(reply);
}

}  // namespace needlerig::rig::simserver
