#include "analysis/verdict.hpp"

#include <catch2/catch.hpp>
#include <vector>

using needlerig::analysis::combine_verdicts;
using needlerig::analysis::judge;
using needlerig::analysis::Limits;
using needlerig::analysis::Verdict;

TEST_CASE("a value is judged against its limits and guard band", "[verdict]") {
  const Limits depth = Limits::around(1.0, 0.1, 0.02);  // 0.9 .. 1.1, marginal within 0.02
  CHECK(judge(1.0, depth) == Verdict::pass);
  CHECK(judge(0.93, depth) == Verdict::pass);
  CHECK(judge(0.915, depth) == Verdict::marginal);
  CHECK(judge(1.09, depth) == Verdict::marginal);
  CHECK(judge(1.1, depth) == Verdict::marginal);  // on the limit: still inside
  CHECK(judge(1.1001, depth) == Verdict::fail);
  CHECK(judge(0.85, depth) == Verdict::fail);
  CHECK(judge(std::nullopt, depth) == Verdict::error);
}

TEST_CASE("an open bound never fails on its side", "[verdict]") {
  const Limits at_least{100.0, std::nullopt, 5.0};
  CHECK(judge(1e9, at_least) == Verdict::pass);
  CHECK(judge(104.0, at_least) == Verdict::marginal);
  CHECK(judge(99.0, at_least) == Verdict::fail);
}

TEST_CASE("the run verdict is ERROR over FAIL over PASS; MARGINAL passes", "[verdict]") {
  using V = Verdict;
  CHECK(combine_verdicts(std::vector{V::pass, V::marginal}) == V::pass);
  CHECK(combine_verdicts(std::vector{V::pass, V::fail, V::marginal}) == V::fail);
  CHECK(combine_verdicts(std::vector{V::fail, V::error}) == V::error);
  CHECK(combine_verdicts(std::vector{V::pass}, /*aborted=*/true) == V::error);
  CHECK(combine_verdicts(std::vector<V>{}) == V::pass);
}
