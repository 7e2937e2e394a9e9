#include "json_writer.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>

#include "http_util.h"

namespace kb {

namespace {

std::string as_json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace

TEST_CASE("strings are written exactly as to_json_text writes them, HTML-inert") {
  for (const std::string& text : {std::string(""), std::string("plain words"), std::string("quote \" and \\ back"),
                                 std::string("<script>alert(1)</script> & more"), std::string("tab\tline\nreturn\r"),
                                 std::string("bell \x07 nul ") + '\0' + " end", std::string("ਅਨੁਭਵ తెలుగు Latviešu 🚀"),
                                 std::string("\x7f del")}) {
    CAPTURE(text);
    CHECK(as_json_string(text) == to_json_text(nlohmann::json(text)));
  }
  CHECK(as_json_string("<b>") == "\"\\u003cb\\u003e\"");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD and the output stays valid JSON") {
  for (const std::string& text : {std::string("cut \xE0\xA8"), std::string("lone \x80 byte"), std::string("overlong \xC0\xAF"),
                                 std::string("surrogate \xED\xA0\x80"), std::string("too big \xF4\x90\x80\x80"),
                                 std::string("\xFF\xFE")}) {
    CAPTURE(text);
    const std::string written = as_json_string(text);
    const auto parsed = nlohmann::json::parse(written);  // throws on invalid UTF-8
    CHECK(parsed.get<std::string>().find("\xEF\xBF\xBD") != std::string::npos);
    CHECK(written == to_json_text(nlohmann::json(text)));
  }
}

TEST_CASE("random bytes always give the same JSON as nlohmann with replacement") {
  std::mt19937 random(14);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 2000; ++round) {
    std::string text(static_cast<size_t>(round % 17), ' ');
    for (char& c : text) c = static_cast<char>(byte(random));
    CAPTURE(round);
    REQUIRE(as_json_string(text) == to_json_text(nlohmann::json(text)));
  }
}

TEST_CASE("objects, arrays, numbers and nulls nest with commas in the right places") {
  JsonWriter json;
  json.begin_object();
  json.key("total").value(int64_t{12});
  json.key("score").value(2.5);
  json.key("nan").value(std::nan(""));
  json.key("ok").value(true);
  json.key("none").null();
  json.key("tags").strings({"a", "b"});
  json.key("empty").begin_array().end_array();
  json.key("results").begin_array();
  json.begin_object().key("slug").value("x").end_object();
  json.begin_object().key("slug").value("y").end_object();
  json.end_array();
  json.end_object();
  const std::string text = json.take();
  CHECK(text == R"({"total":12,"score":2.5,"nan":null,"ok":true,"none":null,"tags":["a","b"],"empty":[],)"
                R"("results":[{"slug":"x"},{"slug":"y"}]})");
  CHECK(nlohmann::json::parse(text)["results"][1]["slug"] == "y");
}

}  // namespace kb
