#include "rig/sequencer/plan_outline.hpp"

namespace needlerig::rig::sequencer {

void record_plan_outline(record::RunRecord& record, const plan::TestPlan& plan) {
  record.plan_version = plan.version;
}

}  // namespace needlerig::rig::sequencer
