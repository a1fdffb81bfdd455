// Bad graph files are errors that say where: GraphML problems found after
// parsing are placed on the line of the element (comments, CDATA and nested
// graphs do not throw the count off), and numbers must be finite counts and
// weights, never NaN, infinities or values no integer holds.
#include <catch2/catch.hpp>
#include <sstream>

#include "kgrep/io.h"

namespace {

kgrep::KnowledgeGraph read(const std::string& text) {
  std::istringstream in(text);
  return kgrep::read_graphml(in, "g.graphml");
}

const std::string kKeys =
    "<graphml>\n"
    "<key id=\"r\" for=\"edge\" attr.name=\"relation\"/><key id=\"w\" for=\"edge\" attr.name=\"weight\"/>\n"
    "<key id=\"m\" for=\"node\" attr.name=\"mentions\"/>\n";

}  // namespace

TEST_CASE("GraphML errors name the line of the element at fault", "[io][reader][bad-input]") {
  const std::string text = kKeys +                                    // lines 1-3
                           "<graph edgedefault=\"directed\">\n"       // 4
                           "<!-- <node id=\"commented\"/> -->\n"      // 5
                           "<node id=\"a\" label=\"x > y\">\n"        // 6
                           "  <graph><node id=\"inner\"/></graph>\n"  // 7
                           "</node>\n"                                // 8
                           "<node id=\"b\"><data key=\"note\"><![CDATA[<node id=\"c\"/>]]></data></node>\n"  // 9
                           "<node\n"                                                                         // 10
                           "  id=\"a\"/>\n"                                                                  // 11
                           "</graph></graphml>\n";
  CHECK_THROWS_WITH(read(text), "g.graphml:10: node #3: duplicate node id 'a'");
}

TEST_CASE("Edges are placed by line too, after every node", "[io][reader][bad-input]") {
  const std::string text = kKeys +
                           "<graph>\n"                                                          // 4
                           "<node id=\"a\"/>\n"                                                 // 5
                           "<edge source=\"a\" target=\"a\"><data key=\"r\">x</data></edge>\n"  // 6
                           "<node id=\"b\"/>\n"                                                 // 7
                           "<edge source=\"b\" target=\"nowhere\"/>\n"                          // 8
                           "</graph></graphml>\n";
  CHECK_THROWS_WITH(read(text), "g.graphml:8: edge #2: 'nowhere' is no node of the graph");
}

TEST_CASE("Numbers in GraphML must be finite, and counts whole", "[io][reader][bad-input]") {
  auto edge_with_weight = [](const std::string& weight) {
    return kKeys + "<graph><node id=\"a\"/>\n<edge source=\"a\" target=\"a\"><data key=\"r\">x</data><data key=\"w\">" +
           weight + "</data></edge></graph></graphml>";
  };
  for (const std::string weight : {"nan", "inf", "-infinity", "1e999", "0x1p9999"}) {
    CAPTURE(weight);
    CHECK_THROWS_WITH(read(edge_with_weight(weight)), "g.graphml:5: edge #1: weight '" + weight + "' is not a number");
  }
  CHECK_NOTHROW(read(edge_with_weight("2.5")));
  auto node_with_mentions = [](const std::string& mentions) {
    return kKeys + "<graph><node id=\"a\"><data key=\"m\">" + mentions + "</data></node></graph></graphml>";
  };
  for (const std::string mentions : {"1e300", "-1", "2.5", "1e16"}) {
    CAPTURE(mentions);
    CHECK_THROWS_WITH(read(node_with_mentions(mentions)),
                      "g.graphml:4: node #1: mentions '" + mentions + "' is not a count");
  }
  CHECK_NOTHROW(read(node_with_mentions("12")));
}
