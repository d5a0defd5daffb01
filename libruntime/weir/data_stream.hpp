#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "weir/collector.hpp"
#include "weir/detail/rich_function_calls.hpp"
#include "weir/detail/signature.hpp"
#include "weir/detail/signature_checks.hpp"
#include "weir/environment.hpp"
#include "weir/flow/channel_writer.hpp"
#include "weir/flow/operators/actor_sink.hpp"
#include "weir/flow/operators/collect_sink.hpp"
#include "weir/flow/operators/file_sink.hpp"
#include "weir/flow/operators/filter_operator.hpp"
#include "weir/flow/operators/flat_map_operator.hpp"
#include "weir/flow/operators/map_operator.hpp"
#include "weir/flow/operators/print_sink.hpp"
#include "weir/flow/operators/process_operator.hpp"
#include "weir/flow/operators/timestamps_and_watermarks_operator.hpp"
#include "weir/flow/operators/user_sink.hpp"
#include "weir/flow/partitioners.hpp"
#include "weir/exactly_once_file_sink_fwd.hpp"
#include "weir/output_tag.hpp"
#include "weir/process_function.hpp"
#include "weir/sink_function.hpp"

namespace weir {

template <class K, class T, class KeySelector>
class keyed_stream;
template <class A, class B>
class connected_streams;
template <class T>
class broadcast_stream;
template <class A, class B>
class broadcast_connected_stream;

/// Result of a collect() sink: the records, readable once execute() returned.
template <class T>
class collected {
public:
  explicit collected(std::shared_ptr<flow::collect_target<T>> target) : target_(std::move(target)) {}
  /// The collected records, in no particular order across parallel instances.
  [[nodiscard]] const std::vector<T>& values() const noexcept { return target_->values; }
  [[nodiscard]] std::size_t size() const noexcept { return target_->values.size(); }
  [[nodiscard]] auto begin() const noexcept { return target_->values.begin(); }
  [[nodiscard]] auto end() const noexcept { return target_->values.end(); }

private:
  std::shared_ptr<flow::collect_target<T>> target_;
};

/// A sink in the graph (Flink's DataStreamSink): lets the program name it and set its
/// parallelism.
class data_stream_sink {
public:
  data_stream_sink(environment* env, int id) : env_(env), id_(id) {}
  data_stream_sink& name(std::string n) {
    node().name = std::move(n);
    node().name_given = true;
    return *this;
  }
  data_stream_sink& uid(std::string u) { node().uid = std::move(u); return *this; }
  data_stream_sink& set_parallelism(int p) { node().parallelism = p; return *this; }
  data_stream_sink& disable_chaining() { node().chaining_disabled = true; return *this; }
  [[nodiscard]] int id() const noexcept { return id_; }

private:
  graph::stream_node& node() { return env_->stream_graph().at(id_); }
  environment* env_;
  int id_;
};

/// A stream of `T` records (Flink's DataStream). Cheap to copy: a handle on a node of the
/// environment's graph. Every transformation returns a new stream; the fluent calls change
/// the type as they go (key_by returns a keyed_stream, connect connected_streams).
template <class K, class T, class KeySelector, class Assigner, class Trigger, class Evictor>
class windowed_stream;

template <class T>
class data_stream {
  // Windows add their operator to the stream they window.
  template <class, class, class, class, class, class>
  friend class windowed_stream;

public:
  using value_type = T;

  data_stream(environment* env, int id) : env_(env), id_(id) {}

  [[nodiscard]] int id() const noexcept { return id_; }
  [[nodiscard]] environment& env() const noexcept { return *env_; }

  // -- transformations ---------------------------------------------------------------------

  /// One record out per record in: `Out f(const T&)`, or a rich_map_function<T, Out>.
  template <class F>
  auto map(F f) {
    if constexpr (detail::rich_map<F>)
      return map(detail::map_call<F>{{std::move(f)}});
    else
      return map_of(std::move(f));
  }

  /// Gives every record its event-time timestamp and generates watermarks from them (Flink's
  /// assignTimestampsAndWatermarks): `strategy` is a watermark_strategy<T>, e.g.
  /// `watermark_strategy<T>::for_bounded_out_of_orderness(5s).with_timestamp_assigner(f)`.
  /// Watermarks from upstream stop here; this operator's own go downstream, periodic ones every
  /// configuration::auto_watermark_interval.
  data_stream<T> assign_timestamps_and_watermarks(watermark_strategy<T> strategy) {
    return add_operator<T>("Timestamps/Watermarks", [strategy](const runtime_context& ctx) {
      return std::make_unique<flow::timestamps_and_watermarks_operator<T>>(ctx, strategy);
    });
  }

  /// Keeps the records for which `bool f(const T&)` holds; or a rich_filter_function<T>.
  template <class F>
  data_stream<T> filter(F f) {
    if constexpr (detail::rich_filter<F>)
      return filter(detail::filter_call<F>{{std::move(f)}});
    else
      return filter_of(std::move(f));
  }

  /// Zero or more records per record: `void f(const T&, collector<Out>&)`, or a
  /// rich_flat_map_function<T, Out>. `Out` is deduced from the collector parameter, or given
  /// as flat_map<Out>(f) for generic lambdas.
  template <class Out = detail::deduce, class F>
  auto flat_map(F f) {
    if constexpr (detail::rich_flat_map<F>)
      return flat_map(detail::flat_map_call<F>{{std::move(f)}});
    else
      return flat_map_of<Out>(std::move(f));
  }

  /// A process function: `void f(const T&, process_context&, collector<Out>&)`, or an object
  /// derived from process_function<T, Out>. The context emits side outputs.
  template <class Out = detail::deduce, class F>
  auto process(F f) {
    if constexpr (std::is_base_of_v<process_function<T, typename detail::process_output<F>::type>,
                                    F>) {
      using O = typename F::output_type;
      struct adapter {
        F fn;
        void open(const runtime_context& ctx) { fn.open(ctx); }
        void close() { fn.close(); }
        void operator()(const T& v, process_context& c, collector<O>& out) {
          fn.process_element(v, c, out);
        }
      };
      return add_operator<O>("Process", [f](const runtime_context& ctx) {
        return std::make_unique<flow::process_operator<T, O, adapter>>(ctx, adapter{f});
      }, side_outputs::emitted);
    } else {
      using O = detail::output_of<Out, F, 2>;
      static_assert(!std::is_void_v<O>
                      && std::invocable<F&, const T&, process_context&, collector<O>&>,
                    "weir: process expects `void(const T&, weir::process_context&, "
                    "weir::collector<Out>&)` or a weir::process_function<T, Out>; for a generic "
                    "lambda name the output type: process<Out>(f)");
      return add_operator<O>("Process", [f](const runtime_context& ctx) {
        return std::make_unique<flow::process_operator<T, O, F>>(ctx, f);
      }, side_outputs::emitted);
    }
  }

  /// The side output `tag` of this process operator. Reading one from an operator that cannot
  /// emit side outputs (anything but process) makes execute() fail with errc::invalid_plan
  /// before anything runs.
  template <class U>
  data_stream<U> get_side_output(const output_tag<U>& tag) {
    graph::stream_node n;
    n.kind = graph::node_kind::side_output;
    n.name = "Side Output: " + tag.id();
    n.tag = tag.id();
    n.inputs = {id_};
    n.output_type = &flow::type_ops_of<U>();
    return data_stream<U>{env_, graph().add(std::move(n)).id};
  }

  /// Partitions by key: `K f(const T&)`. Records with equal keys reach the same instance,
  /// through the key group `hash(key) % max_parallelism`.
  template <class F>
  auto key_by(F key_selector);

  /// Windows over the whole stream at parallelism 1 (Flink's windowAll); see windowed_stream
  /// (weir/windowing.hpp). Window functions take no key.
  template <class Assigner>
  auto window_all(Assigner assigner);
  /// Windows of `size` elements over the whole stream (Flink's countWindowAll).
  auto count_window_all(std::int64_t size);
  auto count_window_all(std::int64_t size, std::int64_t slide);

  /// A window join with `other` (Flink's join): `.where(key).equal_to(other_key)
  /// .window(assigner).apply(fn)`; see weir/windowing/join.hpp.
  template <class U>
  auto join(const data_stream<U>& other);
  /// A window co-group with `other` (Flink's coGroup), built like join.
  template <class U>
  auto co_group(const data_stream<U>& other);

  /// Merges streams of the same type.
  template <class... More>
  data_stream<T> union_with(const data_stream<T>& other, const More&... more) {
    graph::stream_node n;
    n.kind = graph::node_kind::union_of;
    n.name = "Union";
    n.inputs = {id_, other.id(), more.id()...};
    n.output_type = &flow::type_ops_of<T>();
    return data_stream<T>{env_, graph().add(std::move(n)).id};
  }

  /// Connects with a stream of another type for co_map / co_flat_map.
  template <class U>
  connected_streams<T, U> connect(const data_stream<U>& other) {
    return connected_streams<T, U>{env_, id_, other.id()};
  }

  /// Connects with a broadcast stream (Flink's broadcast state pattern): process() then takes a
  /// broadcast_process_function<T, U, Out>. Defined in broadcast_connected_stream.hpp.
  template <class U>
  broadcast_connected_stream<T, U> connect(const broadcast_stream<U>& other);

  /// Sends every record to every parallel instance of the operator it is connected to, which
  /// keeps the broadcast states `descriptors` (map_state_descriptor<K, V>...) per instance
  /// (Flink's broadcast(MapStateDescriptor...)). Defined in broadcast_connected_stream.hpp.
  template <class D, class... More>
  broadcast_stream<T> broadcast(const D& descriptor, const More&... more);

  // -- partitioning ------------------------------------------------------------------------
  data_stream<T> forward() { return add_partition(flow::partitioner_kind::forward, "FORWARD"); }
  data_stream<T> rebalance() { return add_partition(flow::partitioner_kind::rebalance, "REBALANCE"); }
  data_stream<T> rescale() { return add_partition(flow::partitioner_kind::rescale, "RESCALE"); }
  data_stream<T> shuffle() { return add_partition(flow::partitioner_kind::shuffle, "SHUFFLE"); }
  data_stream<T> broadcast() { return add_partition(flow::partitioner_kind::broadcast, "BROADCAST"); }

  /// Partitions with `int partitioner(const K& key, int num_partitions)` over
  /// `K key_selector(const T&)`.
  template <class P, class KS>
  data_stream<T> partition_custom(P partitioner, KS key_selector) {
    static_assert(std::invocable<KS&, const T&>,
                  "weir: partition_custom expects a key selector `K(const T&)`");
    using K = std::decay_t<std::invoke_result_t<KS&, const T&>>;
    static_assert(std::is_invocable_r_v<int, P&, const K&, int>,
                  "weir: partition_custom expects a partitioner `int(const K& key, int "
                  "num_partitions)`");
    using sel = flow::custom_selector<P, KS>;
    return add_partition(flow::partitioner_kind::custom, "CUSTOM",
                         [partitioner, key_selector](const flow::writer_context& ctx)
                           -> std::unique_ptr<flow::writer_base> {
                           return std::make_unique<flow::channel_writer<T, sel>>(
                             ctx, sel{ctx, partitioner, key_selector});
                         });
  }

  // -- operator settings (Flink's SingleOutputStreamOperator) ------------------------------
  data_stream<T>& set_parallelism(int p) { operator_node("set_parallelism").parallelism = p; return *this; }
  data_stream<T>& set_max_parallelism(int p) {
    operator_node("set_max_parallelism").max_parallelism = p;
    return *this;
  }
  data_stream<T>& name(std::string n) {
    auto& node = operator_node("name");
    node.name = std::move(n);
    node.name_given = true;
    return *this;
  }
  data_stream<T>& uid(std::string u) { operator_node("uid").uid = std::move(u); return *this; }
  data_stream<T>& disable_chaining() {
    operator_node("disable_chaining").chaining_disabled = true;
    return *this;
  }
  data_stream<T>& start_new_chain() {
    operator_node("start_new_chain").starts_new_chain = true;
    return *this;
  }

  // -- sinks -------------------------------------------------------------------------------
  /// Prints each record on stdout, prefixed with "N> " when parallel, and with
  /// "identifier:" when one is given (Flink's print(sinkIdentifier)).
  data_stream_sink print(std::string identifier = {}) {
    return add_sink_node("Print to Std. Out", [identifier](const runtime_context& ctx) {
      return std::make_unique<flow::print_sink<T>>(ctx, identifier);
    });
  }
  /// Gathers the records of a bounded job; read them after execute() returned.
  collected<T> collect() {
    auto target = std::make_shared<flow::collect_target<T>>();
    auto added = add_sink_node("Collect Sink", [target](const runtime_context& ctx) {
      return std::make_unique<flow::collect_sink<T>>(ctx, target);
    });
    graph().at(added.id()).collected = target;
    return collected<T>{target};
  }
  /// One line per record; at parallelism above one, `path` is a directory of files 1..N.
  /// Existing output is an error before the job runs unless `mode` is write_mode::overwrite.
  data_stream_sink write_as_text(std::string path, write_mode mode = write_mode::no_overwrite) {
    return add_file_sink({std::move(path), mode, false});
  }
  /// Like write_as_text, one RFC 4180 line per record: the fields of pairs and tuples
  /// separated by `delimiter`, quoted when they hold it, a quote or a line break.
  data_stream_sink write_as_csv(std::string path, write_mode mode = write_mode::no_overwrite,
                                char delimiter = ',') {
    return add_file_sink({std::move(path), mode, true, delimiter});
  }
  data_stream_sink write_as_csv(std::string path, char delimiter,
                                write_mode mode = write_mode::no_overwrite) {
    return add_file_sink({std::move(path), mode, true, delimiter});
  }
  /// An actor sink: the records go to `receiver` (a caf::actor; include weir/weir.hpp) as
  /// weir::sink_batch<T> messages that it acknowledges with ack(); at most
  /// `options.max_unacknowledged` batches per subtask are unacknowledged, which slows the job
  /// down to the receiver's pace. A receiver that terminates fails the job, unless
  /// `options.drop_when_receiver_down`. Delivery is at least once across restarts.
  template <class Handle>
  data_stream_sink to_actor(Handle receiver, actor_sink_options options = {}) {
    auto added = add_sink_node("Actor Sink", [receiver, options](const runtime_context& ctx) {
      return std::make_unique<flow::actor_sink<T>>(
        ctx, flow::actor_endpoint_factory<Handle, T>::make(receiver), options);
    });
    graph().at(added.id()).process_local = true;
    return added;
  }
  /// A user sink_function<T>; each parallel instance gets a copy.
  template <class S>
  data_stream_sink add_sink(S sink, std::string sink_name = "Custom Sink") {
    static_assert(std::is_base_of_v<sink_function<T>, S> && std::is_copy_constructible_v<S>,
                  "weir: add_sink expects a copyable class derived from weir::sink_function<T>");
    auto added = add_sink_node(std::move(sink_name), [sink](const runtime_context& ctx) {
      return std::make_unique<flow::user_sink<T, S>>(ctx, sink);
    });
    if constexpr (requires { sink.commits_at_job_end(); })
      graph().at(graph().size() - 1).commits_at_job_end = sink.commits_at_job_end();
    return added;
  }
  /// Exactly-once part files in the directory `dir` (exactly_once_file_sink_function):
  /// only committed parts are visible, so with checkpointing the output after failures and
  /// restarts is the output without them.
  data_stream_sink sink_to_exactly_once_file(std::string dir,
                                             line_format format = line_format::text()) {
    auto name = "Exactly-once File Sink: " + dir;
    return add_sink(exactly_once_file_sink<T>(std::move(dir), format), std::move(name));
  }

protected:
  graph::stream_graph& graph() const { return env_->stream_graph(); }

  // map, filter and flat_map of function objects (rich function classes come as call types).
  template <class F>
  auto map_of(F f) {
    using Out = typename detail::map_signature<T, F>::output;
    return add_operator<Out>("Map", [f](const runtime_context& ctx) {
      return std::make_unique<flow::map_operator<T, Out, F>>(ctx, f);
    });
  }

  template <class F>
  data_stream<T> filter_of(F f) {
    (void) detail::filter_signature<T, F>{};
    return add_operator<T>("Filter", [f](const runtime_context& ctx) {
      return std::make_unique<flow::filter_operator<T, F>>(ctx, f);
    });
  }

  template <class Out, class F>
  auto flat_map_of(F f) {
    using O = typename detail::flat_map_signature<T, Out, F>::output;
    return add_operator<O>("Flat Map", [f](const runtime_context& ctx) {
      return std::make_unique<flow::flat_map_operator<T, O, F>>(ctx, f);
    });
  }

  graph::stream_node& operator_node(const char* setting) const {
    auto& n = graph().at(id_);
    if (n.is_virtual())
      throw weir_exception(error{errc::invalid_plan,
                                 std::string{setting} + " applies to an operator, not to '" + n.name
                                   + "' (a partitioning, union or side output); call it right "
                                     "after the operator"});
    return n;
  }

  /// Whether an operator's function has a context that emits side outputs.
  enum class side_outputs { none, emitted };

  template <class Out>
  data_stream<Out> add_operator(std::string op_name, graph::operator_factory make,
                                side_outputs side = side_outputs::none) {
    graph::stream_node n;
    n.kind = graph::node_kind::operation;
    n.name = std::move(op_name);
    n.inputs = {id_};
    n.output_type = &flow::type_ops_of<Out>();
    n.make_operator = std::move(make);
    n.emits_side_outputs = side == side_outputs::emitted;
    return data_stream<Out>{env_, graph().add(std::move(n)).id};
  }

  data_stream_sink add_sink_node(std::string sink_name, graph::operator_factory make) {
    graph::stream_node n;
    n.kind = graph::node_kind::sink;
    n.name = std::move(sink_name);
    n.inputs = {id_};
    n.make_operator = std::move(make);
    return data_stream_sink{env_, graph().add(std::move(n)).id};
  }

  data_stream_sink add_file_sink(flow::file_output out) {
    auto sink = add_sink_node(out.sink_name(), [out](const runtime_context& ctx) {
      return std::make_unique<flow::file_sink<T>>(ctx, out);
    });
    graph().at(sink.id()).validate = [out] { return out.validate(); };
    return sink;
  }

  data_stream<T> add_partition(flow::partitioner_kind kind, std::string part_name,
                               graph::writer_factory make = {}) {
    graph::stream_node n;
    n.kind = graph::node_kind::partition;
    n.name = std::move(part_name);
    n.inputs = {id_};
    n.partitioner = kind;
    n.make_writer = std::move(make);
    n.output_type = &flow::type_ops_of<T>();
    return data_stream<T>{env_, graph().add(std::move(n)).id};
  }

  environment* env_;
  int id_;
};

} // namespace weir
