// kgrep io stage: writing graphs.
//
// Writers turn a KnowledgeGraph into bytes; they never touch the file system
// themselves. `write_output_atomically` puts those bytes in place: into a
// temporary file beside the target, flushed and renamed over it only when the
// writer succeeded, so a failed run never leaves a partial file nor clobbers an
// existing one. Writers are deterministic: same graph, same bytes.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "kgrep/graph.h"

namespace kgrep {

enum class GraphFormat { kGraphml, kDot };

// "graphml" / "dot" (and "gv"); throws kgrep::Error for anything else.
GraphFormat parse_graph_format(std::string_view name);
// From a file name's extension (.graphml, .dot, .gv); throws when unknown.
GraphFormat graph_format_for_path(std::string_view path);

// GraphML per the schema contract of DESIGN.md: typed keys, edgedefault
// "directed", node id = entity id. Characters XML 1.0 forbids are dropped.
void write_graphml(const KnowledgeGraph& graph, std::ostream& out);

// Graphviz DOT: one node statement per entity (shape and colour by type), edge
// labels = relation, every id and label quoted and escaped.
void write_dot(const KnowledgeGraph& graph, std::ostream& out);

void write_graph(const KnowledgeGraph& graph, GraphFormat format, std::ostream& out);

// Runs `writer` into a temporary file in the directory of `path`, then renames
// it over `path`. "-" writes to stdout. Throws kgrep::Error (and removes the
// temporary file) when the file system fails; an exception thrown by `writer`
// propagates unchanged, after the temporary file is removed.
void write_output_atomically(const std::string& path, const std::function<void(std::ostream&)>& writer);

}  // namespace kgrep
