#include "reports/software_version.hpp"

#include <catch2/catch.hpp>
#include <string>

using needlerig::reports::software_commit;
using needlerig::reports::software_tree_modified;

TEST_CASE("The software names the commit it was built from, or says it is unknown", "[reports]") {
  const std::string commit(software_commit());
  if (commit == "unknown") {
    CHECK_FALSE(software_tree_modified().has_value());
  } else {
    CHECK(commit.size() == 40);
    CHECK(commit.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(software_tree_modified().has_value());
  }
}
