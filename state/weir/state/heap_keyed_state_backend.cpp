#include "weir/state/heap_keyed_state_backend.hpp"

#include "weir/state/heap_state.hpp"
#include "weir/state/snapshot_reader.hpp"
#include "weir/state/snapshot_writer.hpp"

namespace weir::state {

namespace {

using pending_groups = std::vector<std::vector<std::pair<std::string, std::string>>>;

class heap_snapshot_step final : public snapshot_job::step {
public:
  heap_snapshot_step(std::filesystem::path dir, int max_parallelism, flow::key_group_range range,
                     std::vector<state_meta> metas,
                     std::vector<std::unique_ptr<frozen_heap_state>> frozen,
                     std::vector<std::shared_ptr<const pending_groups>> pending)
    : dir_(std::move(dir)), max_parallelism_(max_parallelism), range_(range),
      metas_(std::move(metas)), frozen_(std::move(frozen)), pending_(std::move(pending)) {}

  result<keyed_state_snapshot> run() override {
    auto w = snapshot_writer::create(dir_, max_parallelism_, range_, metas_);
    if (!w)
      return w.err();
    auto& out = **w;
    for (auto g = range_.first; range_.size() > 0 && g <= range_.last; ++g) {
      auto group = flow::key_group{g};
      out.begin_key_group(group);
      for (std::size_t i = 0; i < frozen_.size(); ++i)
        frozen_[i]->write(group, out.sink(i));
      for (std::size_t j = 0; j < pending_.size(); ++j)
        for (const auto& [k, v] : (*pending_[j])[g - range_.first])
          out.add(frozen_.size() + j, k, v);
      out.end_key_group();
    }
    return out.finish();
  }

private:
  std::filesystem::path dir_;
  int max_parallelism_;
  flow::key_group_range range_;
  std::vector<state_meta> metas_;
  std::vector<std::unique_ptr<frozen_heap_state>> frozen_;
  std::vector<std::shared_ptr<const pending_groups>> pending_;
};

} // namespace

heap_keyed_state_backend::heap_keyed_state_backend(const keyed_state_backend_config& config)
  : keyed_state_backend(backend_kind::heap, config) {}

heap_keyed_state_backend::~heap_keyed_state_backend() = default;

std::vector<state_meta> heap_keyed_state_backend::states() const {
  auto out = keyed_state_backend::states();
  for (const auto& p : pending_)
    out.push_back(p.meta);
  return out;
}

snapshot_job heap_keyed_state_backend::snapshot_sync(std::filesystem::path directory) {
  std::vector<state_meta> metas;
  std::vector<std::unique_ptr<frozen_heap_state>> frozen;
  std::vector<std::shared_ptr<const pending_groups>> pending;
  for (const auto& s : states_) {
    metas.push_back(s.meta);
    frozen.push_back(static_cast<const heap_state&>(*s.impl).freeze());
  }
  for (const auto& p : pending_) {
    metas.push_back(p.meta);
    pending.push_back(p.groups);
  }
  return snapshot_job{std::make_unique<heap_snapshot_step>(
    std::move(directory), max_parallelism(), key_groups(), std::move(metas), std::move(frozen),
    std::move(pending))};
}

result<void> heap_keyed_state_backend::restore(
  const std::vector<std::filesystem::path>& directories) {
  auto range = key_groups();
  return snapshot_reader::read_all(
    directories, max_parallelism(), range,
    [&](const std::filesystem::path& file, const state_meta& meta, flow::key_group group,
        std::string_view key, std::string_view value) -> result<void> {
      for (auto& s : states_)
        if (s.meta.name == meta.name) {
          if (!(s.meta == meta))
            return restored_mismatch(s.meta, meta, file);
          return static_cast<heap_state&>(*s.impl).load(group, key, value);
        }
      pending_state* p = nullptr;
      for (auto& q : pending_)
        if (q.meta.name == meta.name)
          p = &q;
      if (p == nullptr) {
        pending_.push_back({meta, file, std::make_shared<pending_groups>(range.size())});
        p = &pending_.back();
      }
      (*p->groups)[group.value - range.first].emplace_back(key, value);
      return {};
    });
}

result<void> heap_keyed_state_backend::on_register(registered_state& state) {
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if (it->meta.name != state.meta.name)
      continue;
    if (!(it->meta == state.meta))
      return restored_mismatch(state.meta, it->meta, it->file);
    auto& heap = static_cast<heap_state&>(*state.impl);
    auto first = key_groups().first;
    for (std::size_t i = 0; i < it->groups->size(); ++i)
      for (const auto& [k, v] : (*it->groups)[i])
        if (auto r = heap.load(flow::key_group{first + static_cast<std::uint32_t>(i)}, k, v); !r)
          return r;
    pending_.erase(it);
    break;
  }
  return {};
}

} // namespace weir::state
