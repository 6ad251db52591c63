#include "rig/simserver/sim_zaber_stage.hpp"

#include <cmath>
#include <stdexcept>

#include "rig/core/driver_error.hpp"
#include "rig/zaber/zaber_protocol.hpp"

namespace needlerig::rig::simserver {

namespace {
constexpr int kDevice = 1;
}

SimZaberStage::SimZaberStage(core::MotionAxis& axis, SimStageUnits units)
    : axis_(axis), units_(units) {}

std::optional<std::string> SimZaberStage::handle(std::string_view line) {
  zaber::ZaberReply reply;
  reply.device = kDevice;
  zaber::ZaberCommand command;
  try {
    command = zaber::parse_command(line);
  } catch (const zaber::ZaberProtocolError&) {
    return std::nullopt;  // a device ignores what is not a command
  }
  if (command.device != 0 && command.device != kDevice) return std::nullopt;
  reply.axis = command.axis;
  reply.message_id = command.message_id;
  const auto& w = command.words;
  const auto reject = [&](const char* reason) {
    reply.accepted = false;
    reply.data = reason;
  };
  try {
    if (command.axis > 1) {
      reject("BADAXIS");
    } else if (w.empty()) {
      reply.data = "0";
    } else if (w.size() == 1 && w[0] == "home") {
      axis_.home();
      reply.data = "0";
    } else if (w.size() == 1 && w[0] == "stop") {
      axis_.stop();
      reply.data = "0";
    } else if ((w.size() == 3 || w.size() == 4) && w[0] == "move" && w[1] == "abs") {
      const double position_mm = std::stod(w[2]) / units_.microsteps_per_mm;
      const double speed = w.size() == 4 ? std::stod(w[3]) / units_.speed_units_per_mm_per_s : 0.0;
      if (!axis_.homed()) {
        reject("BADCOMMAND");
      } else {
        axis_.move_to(position_mm, speed > 0.0 ? speed : 1.0);
        reply.data = "0";
      }
    } else if (w.size() == 2 && w[0] == "get" && w[1] == "pos") {
      reply.data = std::to_string(std::llround(axis_.position_mm() * units_.microsteps_per_mm));
    } else if (w.size() == 2 && w[0] == "get" && w[1] == "deviceid") {
      reply.data = "50081";
    } else if (w.size() == 2 && w[0] == "get" && w[1] == "version") {
      reply.data = "7.99";
    } else {
      reject("BADCOMMAND");
    }
  } catch (const std::invalid_argument&) {
    reject("BADDATA");
  } catch (const std::out_of_range&) {
    reject("BADDATA");
  } catch (const core::DriverError&) {
    reject("BADDATA");
  }
  const bool moving = axis_.moving();
  reply.busy = moving;
  reply.warning = axis_.homed() ? "--" : "WR";
  return zaber::format_reply(reply);
}

}  // namespace needlerig::rig::simserver
