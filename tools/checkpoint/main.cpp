// weir-checkpoint: looks inside completed checkpoints and savepoints (issue 12). The work is
// in checkpoint_inspection.hpp and the two reports; this file only reads flags.
//
//   weir-checkpoint inspect [--json] PATH
//
// PATH is a chk-<n> or savepoint directory, or its _metadata file.
// Exit status: 0 inspected, every part sound; 1 the manifest is missing or unreadable, or a
// part is missing, damaged or disagrees with the manifest (the report names it); 2 bad flags.

#include <iostream>
#include <string>
#include <variant>

#include <CLI/CLI.hpp>

#include "checkpoint/checkpoint_inspection.hpp"
#include "checkpoint/json_report.hpp"
#include "checkpoint/text_report.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Inspects Weir checkpoints and savepoints"};
  app.require_subcommand(1);
  std::string path;
  bool as_json = false;
  auto* inspect = app.add_subcommand(
    "inspect", "Prints a checkpoint's or savepoint's job, operators, subtasks, and the states "
               "in each part file with their entry and byte counts; checks every file");
  inspect->add_option("PATH", path, "A chk-<n> or savepoint directory, or its _metadata file")
    ->required();
  inspect->add_flag("--json", as_json, "Print the report as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  auto inspected = weir::checkpoint_tool::inspect_checkpoint(path);
  if (auto* e = std::get_if<weir::error>(&inspected)) {
    std::cerr << "weir-checkpoint: cannot inspect '" << path << "': " << e->message() << '\n';
    return 1;
  }
  const auto& in = std::get<weir::checkpoint_tool::checkpoint_inspection>(inspected);
  std::cout << (as_json ? weir::checkpoint_tool::json_report(in)
                        : weir::checkpoint_tool::text_report(in))
            << std::flush;
  auto problems = in.problems();
  if (problems.empty())
    return 0;
  std::cerr << "weir-checkpoint: " << problems.size() << " damaged part"
            << (problems.size() == 1 ? "" : "s") << " in '" << path << "':\n";
  for (const auto& p : problems)
    std::cerr << "  " << p << '\n';
  return 1;
}
