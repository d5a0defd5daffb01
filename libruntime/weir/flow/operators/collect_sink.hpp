#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "weir/codec/codecs.hpp"
#include "weir/codec/encode.hpp"
#include "weir/flow/operators/sink_operator.hpp"

namespace weir::flow {

/// What a cluster needs of a collect() sink without knowing its type: the records a worker's
/// instances gathered travel to the coordinator, whose program reads them.
class collect_target_base {
public:
  virtual ~collect_target_base() = default;
  /// True if the record type has a weir::codec (needed to collect in a cluster).
  [[nodiscard]] virtual bool can_encode() const noexcept = 0;
  [[nodiscard]] virtual const char* type_name() const noexcept = 0;
  /// Encodes the records gathered so far and drops them here.
  [[nodiscard]] virtual std::string take_encoded() = 0;
  /// Appends records encoded by take_encoded (of another process); an error if they do not
  /// decode.
  [[nodiscard]] virtual std::optional<error> append_encoded(std::string_view bytes) = 0;
};

/// Shared by all instances of one collect() sink; the client reads it after the job ended.
template <class T>
struct collect_target final : collect_target_base {
  std::mutex mtx;
  std::vector<T> values;

  [[nodiscard]] bool can_encode() const noexcept override { return has_codec<T>; }
  [[nodiscard]] const char* type_name() const noexcept override { return typeid(T).name(); }
  [[nodiscard]] std::string take_encoded() override {
    std::string out;
    if constexpr (has_codec<T>) {
      std::lock_guard guard{mtx};
      encode(values, out);
      values.clear();
    }
    return out;
  }
  [[nodiscard]] std::optional<error> append_encoded(std::string_view bytes) override {
    if constexpr (has_codec<T>) {
      auto decoded = decode<std::vector<T>>(bytes);
      if (!decoded)
        return error{errc::wire_error, "the records a worker collected do not decode as "
                                         + std::string{typeid(T).name()} + ": "
                                         + decoded.error().to_string()};
      std::lock_guard guard{mtx};
      for (auto& v : *decoded)
        values.push_back(std::move(v));
      return std::nullopt;
    } else {
      return error{errc::wire_error, std::string{"collect() of "} + typeid(T).name()
                                       + " cannot receive records from other nodes: the type "
                                         "has no weir::codec"};
    }
  }
};

/// collect(): gathers records locally and appends them to the shared vector when its input
/// ends, or when the task stops otherwise (a failure, a cancel), so instances do not contend
/// per record. What every execution attempt emitted is kept: after a restart the records
/// replayed from the restored checkpoint are in it twice (collect() is at-least-once; an
/// exactly-once sink gives exact output under failures).
template <class T>
class collect_sink final : public sink_operator<T> {
public:
  collect_sink(runtime_context ctx, std::shared_ptr<collect_target<T>> target)
    : sink_operator<T>(std::move(ctx)), target_(std::move(target)) {}

  void finish() override { hand_over(); }
  void close() override { hand_over(); }

protected:
  void write(std::vector<T>& batch) override {
    local_.insert(local_.end(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
  }

private:
  void hand_over() {
    if (local_.empty())
      return;
    std::lock_guard guard{target_->mtx};
    auto& v = target_->values;
    v.insert(v.end(), std::make_move_iterator(local_.begin()), std::make_move_iterator(local_.end()));
    local_.clear();
  }

  std::shared_ptr<collect_target<T>> target_;
  std::vector<T> local_;
};

} // namespace weir::flow
