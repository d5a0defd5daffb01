#pragma once

#include <boost/mpl/list.hpp>

#include <memory>

#include "weir/state/keyed_state_backends.hpp"
#include "weir/test/temp_dir.hpp"

// One suite body, two backends: test cases are templated over these factories
// (BOOST_AUTO_TEST_CASE_TEMPLATE(name, Backend, weir::test::backends)).

namespace weir::test {

struct heap_backend {
  static constexpr auto kind = state::backend_kind::heap;
};
struct rocksdb_backend {
  static constexpr auto kind = state::backend_kind::rocksdb;
};

using backends = boost::mpl::list<heap_backend, rocksdb_backend>;

/// Makes backends of one kind over a manual clock, with RocksDB under a temp dir.
template <class Backend>
struct backend_factory {
  temp_dir dir;
  std::shared_ptr<state::manual_clock> clock = std::make_shared<state::manual_clock>(
    std::chrono::milliseconds{1'000'000});

  std::unique_ptr<state::keyed_state_backend> make(flow::key_group_range range = {0, 127},
                                                   int max_parallelism = 128) {
    state::keyed_state_backend_config config{range, max_parallelism, clock};
    state::rocksdb_backend_options options;
    options.directory = dir.path() / "db";
    options.block_cache_bytes = 1 << 20;
    options.write_buffer_bytes = 1 << 20;
    auto b = state::make_keyed_state_backend(Backend::kind, config, options);
    if (!b)
      throw std::runtime_error(b.err().to_string());
    return std::move(*b);
  }
};

/// Unwraps a result or fails the test with its error.
template <class T>
T require(state::result<T> r) {
  if (!r)
    throw std::runtime_error(r.err().to_string());
  return std::move(*r);
}

inline void require(state::result<void> r) {
  if (!r)
    throw std::runtime_error(r.err().to_string());
}

} // namespace weir::test
