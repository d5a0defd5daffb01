#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "weir/error.hpp"
#include "weir/runtime_context.hpp"
#include "weir/state/value_state_descriptor.hpp"

namespace weir::windowing_detail {

/// The in-flight windows of one key of a merging assigner (Flink's MergingWindowSet): each
/// window maps to the window whose namespace holds its contents (the "state window"), which
/// stays the same when windows merge, so contents are merged once, not moved on every merge.
/// Loaded from and persisted to keyed state ("merging-window-set", default namespace) around
/// each element and timer of the current key.
template <class W>
class merging_window_set {
public:
  void open(const runtime_context& ctx) {
    state_ = &ctx.get_state(
      state::value_state_descriptor<std::vector<std::pair<W, W>>>("merging-window-set"));
  }

  /// Reads the current key's windows (state_ must be in the default namespace).
  void load() {
    state_->set_current_namespace({});
    mapping_.clear();
    if (auto stored = state_->value())
      for (auto& [w, s] : *stored)
        mapping_.emplace(w, s);
    dirty_ = false;
  }

  /// Writes them back if they changed.
  void persist() {
    if (!dirty_)
      return;
    state_->set_current_namespace({});
    if (mapping_.empty()) {
      state_->clear();
    } else {
      std::vector<std::pair<W, W>> all(mapping_.begin(), mapping_.end());
      state_->update(std::move(all));
    }
    dirty_ = false;
  }

  [[nodiscard]] std::optional<W> state_window(const W& window) const {
    auto it = mapping_.find(window);
    if (it == mapping_.end())
      return std::nullopt;
    return it->second;
  }

  /// The window is gone for good (cleaned up, or late).
  void retire_window(const W& window) {
    if (mapping_.erase(window) == 0)
      throw weir_exception(error(errc::internal, "window operator: retiring a window that is not "
                                                 "in flight"));
    dirty_ = true;
  }

  /// Adds `window`, merging it with the in-flight windows it intersects (assigner's
  /// merge_windows). For each merge, calls merge(result, merged_windows, state_window_result,
  /// merged_state_windows) before anything else happens to their state. Returns the window the
  /// new one ended up in.
  template <class Assigner, class MergeFn>
  W add_window(const Assigner& assigner, const W& window, MergeFn&& merge) {
    std::vector<W> windows;
    windows.reserve(mapping_.size() + 1);
    for (const auto& [w, s] : mapping_)
      windows.push_back(w);
    windows.push_back(window);

    std::vector<std::pair<W, std::vector<W>>> merges;
    assigner.merge_windows(windows, [&](const W& result, const std::vector<W>& merged) {
      merges.emplace_back(result, merged);
    });

    W result_window = window;
    bool merged_new_window = false;
    for (auto& [merge_result, merged_windows] : merges) {
      if (auto it = std::find(merged_windows.begin(), merged_windows.end(), window);
          it != merged_windows.end()) {
        merged_windows.erase(it);
        merged_new_window = true;
        result_window = merge_result;
      }
      // The state window of the first merged window keeps everything (Flink picks one).
      const W merged_state_window = mapping_.at(merged_windows.front());
      std::vector<W> merged_state_windows;
      for (const auto& w : merged_windows) {
        auto it = mapping_.find(w);
        if (it != mapping_.end()) {
          if (!(it->second == merged_state_window))
            merged_state_windows.push_back(it->second);
          mapping_.erase(it);
        }
      }
      mapping_[merge_result] = merged_state_window;
      dirty_ = true;
      // A merge of only the new window into itself has no state to merge.
      if (!(merged_windows.size() == 1 && merged_windows.front() == merge_result))
        merge(merge_result, merged_windows, merged_state_window, merged_state_windows);
    }
    if (merges.empty() || (result_window == window && !merged_new_window)) {
      mapping_[result_window] = result_window;
      dirty_ = true;
    }
    return result_window;
  }

private:
  state::value_state<std::vector<std::pair<W, W>>>* state_ = nullptr;
  std::map<W, W> mapping_;
  bool dirty_ = false;
};

} // namespace weir::windowing_detail
