#include "reports/markup_escape.hpp"

#include <catch2/catch.hpp>
#include <string>

using needlerig::reports::escape_markup;

TEST_CASE("markup escaping: markup characters become references", "[reports]") {
  CHECK(escape_markup(R"(<a href="x">'&'</a>)") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  CHECK(escape_markup("plain text 1.0 mm") == "plain text 1.0 mm");
  CHECK(escape_markup("tab\tnewline\n") == "tab\tnewline\n");
  CHECK(escape_markup("cr\r") == "cr&#13;");
}

TEST_CASE("markup escaping: what XML 1.0 cannot hold becomes U+FFFD", "[reports]") {
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(escape_markup(std::string("a\0b", 3)) == "a" + fffd + "b");
  CHECK(escape_markup("\x1b[31m") == fffd + "[31m");
  CHECK(escape_markup("\xff") == fffd);
  CHECK(escape_markup("\xc3") == fffd);                        // truncated sequence
  CHECK(escape_markup("\xc0\xaf") == fffd + fffd);             // overlong '/'
  CHECK(escape_markup("\xed\xa0\x80") == fffd + fffd + fffd);  // surrogate
  CHECK(escape_markup("\xef\xbf\xbf") == fffd + fffd + fffd);  // U+FFFF
}

TEST_CASE("markup escaping: valid UTF-8 passes unchanged", "[reports]") {
  CHECK(escape_markup("µm ± 5 % — 深さ 🙂") == "µm ± 5 % — 深さ 🙂");
}
