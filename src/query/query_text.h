// Text helpers the queries share (internal to the query stage).
#pragma once

#include <string>

#include "kgrep/graph.h"

namespace kgrep::query_text {

// An edge's dates as shown: "2026-01-14", "2025-11..2026-02" or "".
std::string when(const EdgeProperties& edge);

// "Barret Zoph works_at OpenAI (CTO)": subject, relation, object and roles.
std::string link(const Graph& graph, Graph::edge_descriptor edge);

}  // namespace kgrep::query_text
