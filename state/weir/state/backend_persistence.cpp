#include "weir/state/backend_persistence.hpp"

#include <algorithm>
#include <map>

#include "weir/flow/operator_base.hpp"
#include "weir/state/job_error.hpp"
#include "weir/state/rocksdb_incremental_listing.hpp"
#include "weir/state/runtime_context_operator_state.hpp"
#include "weir/state/runtime_context_state.hpp"
#include "weir/state/snapshot_reader.hpp"
#include "weir/state/snapshot_writer.hpp"

namespace weir::state {

namespace {

/// Collects what an operator's snapshot_state writes, in memory: the copy is the synchronous
/// part; the file is written later.
class collecting_context final : public flow::state_snapshot_context {
public:
  struct entry {
    std::uint32_t part;
    flow::key_group group;
    std::string key;
    std::string value;
  };

  explicit collecting_context(checkpoint_id id) : id_(id) {}

  [[nodiscard]] checkpoint_id checkpoint() const noexcept override { return id_; }
  void add_keyed(std::string_view part, flow::key_group group, std::string_view key,
                 std::string_view value) override {
    entries.push_back({index_of(keyed_parts, part), group, std::string{key}, std::string{value}});
  }
  void add_element(std::string_view part, std::string_view element) override {
    lists[std::string{part}].emplace_back(element);
  }

  std::vector<std::string> keyed_parts;
  std::vector<entry> entries;
  std::map<std::string, std::vector<std::string>> lists;

private:
  static std::uint32_t index_of(std::vector<std::string>& names, std::string_view name) {
    for (std::uint32_t i = 0; i < names.size(); ++i)
      if (names[i] == name)
        return i;
    names.emplace_back(name);
    return static_cast<std::uint32_t>(names.size() - 1);
  }

  checkpoint_id id_;
};

/// Restored entries for initialize_state: the extras files of every former instance, read by
/// key group on demand.
class restoring_context final : public flow::state_initialization_context {
public:
  restoring_context(const runtime_context& ctx, std::vector<std::filesystem::path> extras,
                    bool restored)
    : ctx_(&ctx), extras_(std::move(extras)), restored_(restored) {}

  [[nodiscard]] bool is_restored() const noexcept override { return restored_; }

  void for_each_keyed(std::string_view part, const keyed_visitor& visit) override {
    if (extras_.empty())
      return;
    auto r = snapshot_reader::read_all(
      extras_, ctx_->max_number_of_parallel_subtasks(), ctx_->key_groups(),
      [&](const std::filesystem::path&, const state_meta& meta, flow::key_group group,
          std::string_view key, std::string_view value) -> result<void> {
        if (meta.name == part)
          visit(group, key, value);
        return {};
      });
    if (!r)
      throw weir_exception(to_job_error(r.err(), "cannot restore its " + std::string{part} + ": "));
  }

  [[nodiscard]] std::vector<std::string> elements(std::string_view part) override {
    if (!restored_ || ctx_->operator_state() == nullptr
        || ctx_->operator_state()->restore_directories.empty())
      return {};
    return ctx_->get_list_state(list_state_descriptor<std::string>{std::string{part}}).get();
  }

private:
  const runtime_context* ctx_;
  std::vector<std::filesystem::path> extras_;
  bool restored_;
};

std::string join(const std::string& a, const char* b) { return a + "/" + b; }

// Checkpoints may be incremental (share files with earlier ones of the same job); savepoints
// must stand alone and be readable by either backend, so they are always full. The
// coordinator names checkpoint directories `chk-<n>` and savepoints `savepoint-<...>`; the
// state_persistence interface does not say which it is, so the name decides, and anything
// unexpected gets the full format.
bool is_periodic_checkpoint(const std::filesystem::path& checkpoint_dir) {
  auto name = checkpoint_dir.filename().string();
  if (name.empty())
    name = checkpoint_dir.parent_path().filename().string();
  return name.starts_with("chk-");
}

} // namespace

flow::state_persistence::part_writer
backend_persistence::snapshot(flow::operator_base& op, checkpoint_id id,
                              const std::filesystem::path& checkpoint_dir,
                              const std::string& relative_dir) const {
  const auto& ctx = op.context();
  collecting_context collected{id};
  op.run_snapshot_state(collected);

  // Restored state that nothing has touched since the restore is still state: create the
  // backends (which load it) so that it is in this checkpoint too.
  auto* keyed = ctx.keyed_state();
  if (keyed != nullptr && !keyed->backend && !keyed->restore_directories.empty())
    detail::ensure_backend(*keyed, ctx);
  auto* ops = ctx.operator_state();
  if (ops != nullptr && !ops->backend
      && (!ops->restore_directories.empty() || !collected.lists.empty()))
    (void) detail::operator_backend(ctx, "snapshot");
  for (auto& [part, elements] : collected.lists)
    ctx.get_list_state(list_state_descriptor<std::string>{part}).update(elements);

  auto dir = checkpoint_dir / relative_dir;
  std::optional<snapshot_job> keyed_job;
  if (keyed != nullptr && keyed->backend)
    keyed_job.emplace(is_periodic_checkpoint(checkpoint_dir)
                        ? keyed->backend->snapshot_incremental_sync(dir / "keyed")
                        : keyed->backend->snapshot_sync(dir / "keyed"));
  std::optional<operator_snapshot_job> operator_job;
  if (ops != nullptr && ops->backend)
    operator_job.emplace(ops->backend->snapshot_sync(dir / "operator"));
  if (!keyed_job && !operator_job && collected.entries.empty())
    return {};

  // Extras go to the file in key-group order, each group's entries by part.
  std::stable_sort(collected.entries.begin(), collected.entries.end(),
                   [](const auto& a, const auto& b) { return a.group.value < b.group.value; });
  struct extras_image {
    std::vector<std::string> parts;
    std::vector<collecting_context::entry> entries;
  };
  auto extras = std::make_shared<extras_image>(
    extras_image{std::move(collected.keyed_parts), std::move(collected.entries)});
  auto keyed_shared = keyed_job ? std::make_shared<snapshot_job>(std::move(*keyed_job)) : nullptr;
  auto operator_shared =
    operator_job ? std::make_shared<operator_snapshot_job>(std::move(*operator_job)) : nullptr;
  // The backends must outlive the asynchronous part, even if the task ends before it runs.
  auto keep_keyed = keyed != nullptr ? keyed->backend : nullptr;
  auto keep_ops = ops != nullptr ? ops->backend : nullptr;
  flow::key_group_range groups = ctx.key_groups();
  int max_parallelism = ctx.max_number_of_parallel_subtasks();
  int subtask = ctx.index_of_this_subtask();
  return [=]() -> std::variant<checkpoint::subtask_state, weir::error> {
    (void) keep_keyed;
    (void) keep_ops;
    checkpoint::subtask_state out;
    out.subtask = subtask;
    out.key_groups = groups;
    if (keyed_shared) {
      auto r = keyed_shared->run();
      if (!r)
        return to_job_error(r.err(), "keyed state: ");
      out.keyed = join(relative_dir, "keyed");
      out.bytes += r->bytes;
    }
    if (operator_shared) {
      auto r = operator_shared->run();
      if (!r)
        return to_job_error(r.err(), "operator state: ");
      out.operator_state = join(relative_dir, "operator");
      out.bytes += r->bytes;
    }
    if (!extras->entries.empty()) {
      std::vector<state_meta> metas;
      for (const auto& p : extras->parts)
        metas.push_back(state_meta{p, state_kind::map, false, "bytes"});
      auto w = snapshot_writer::create(dir / "extras", max_parallelism, groups, metas);
      if (!w)
        return to_job_error(w.err(), "timers and window contents: ");
      auto& writer = **w;
      std::size_t i = 0;
      const auto& entries = extras->entries;
      for (auto g = groups.first; g <= groups.last && groups.size() > 0; ++g) {
        writer.begin_key_group(flow::key_group{g});
        for (; i < entries.size() && entries[i].group.value == g; ++i)
          writer.add(entries[i].part, entries[i].key, entries[i].value);
        writer.end_key_group();
      }
      if (i != entries.size())
        return weir::error{weir::errc::internal,
                           "an operator wrote timers or window contents of key group "
                             + std::to_string(entries[i].group.value)
                             + ", which it does not own"};
      auto r = writer.finish();
      if (!r)
        return to_job_error(r.err(), "timers and window contents: ");
      out.extras = join(relative_dir, "extras");
      out.bytes += r->bytes;
    }
    return out;
  };
}

void backend_persistence::restore(flow::operator_base& op,
                                  const std::filesystem::path& checkpoint_dir,
                                  const checkpoint::operator_snapshot* snapshot) const {
  const auto& ctx = op.context();
  std::vector<std::filesystem::path> extras;
  if (snapshot != nullptr) {
    if (snapshot->max_parallelism != ctx.max_number_of_parallel_subtasks()
        && ctx.keyed_state() != nullptr)
      throw weir_exception(weir::error{
        weir::errc::invalid_configuration,
        "the checkpoint has operator '" + snapshot->name + "' (" + snapshot->id + ") with "
          + std::to_string(snapshot->max_parallelism)
          + " key groups (max parallelism), but the job now has "
          + std::to_string(ctx.max_number_of_parallel_subtasks())
          + "; keyed state redistributes only over the same number of key groups: set "
            "max_parallelism back to "
          + std::to_string(snapshot->max_parallelism)});
    for (const auto& s : snapshot->subtasks) {
      if (!s.keyed.empty() && ctx.keyed_state() != nullptr) {
        auto keyed_dir = checkpoint_dir / s.keyed;
        if (ctx.keyed_state()->kind != state_backend_kind::rocksdb
            && rocksdb_incremental_listing::present_in(keyed_dir))
          throw weir_exception(weir::error{
            weir::errc::invalid_configuration,
            "operator '" + snapshot->name + "' (" + snapshot->id + ") has an incremental "
              "RocksDB snapshot in " + keyed_dir.string()
              + ", which only the RocksDB state backend restores; restore this checkpoint with "
                "the RocksDB backend, or take a savepoint with it (savepoints are in the "
                "format either backend reads) and switch backends from the savepoint"});
        ctx.keyed_state()->restore_directories.push_back(keyed_dir.string());
      }
      if (!s.operator_state.empty() && ctx.operator_state() != nullptr)
        ctx.operator_state()->restore_directories.push_back(
          (checkpoint_dir / s.operator_state).string());
      if (!s.extras.empty())
        extras.push_back(checkpoint_dir / s.extras);
    }
  }
  restoring_context init{ctx, std::move(extras), snapshot != nullptr};
  op.run_initialize_state(init);
}

std::shared_ptr<const flow::state_persistence> make_backend_persistence() {
  static const auto instance = std::make_shared<const backend_persistence>();
  return instance;
}

} // namespace weir::state
