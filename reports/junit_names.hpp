#pragma once
// The names firmware CI shows for a run's JUnit XML. Jenkins splits a test case's classname at its
// last '.' into package and class (and GitLab shows classname and name as they are), so a plan or
// step name is written with every '.' replaced by U+2024 ONE DOT LEADER, which reads as a dot but
// is not one: "needlerig.<plan>.<step>" then splits into the package "needlerig.<plan>" and the
// class "<step>" whatever the names hold. Control characters, which XML attributes cannot carry
// visibly, become their Unicode control pictures (U+2400 + code, DEL U+2421) instead of vanishing.
// The exact names stay in each suite's `plan` and `step` properties and in the run record.

#include <string>
#include <string_view>

namespace needlerig::reports {

/// `name` (a plan or step name, UTF-8) as one dot-free component of a JUnit classname.
std::string junit_name_component(std::string_view name);

}  // namespace needlerig::reports
