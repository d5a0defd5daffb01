// two_phase_commit_sink_function driven by plain calls, as a task would drive it: a fake
// transactional store (an external system that outlives failures) records what the sink
// stages, commits and aborts; snapshots go through the state layer to disk and back.

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "sink_instance.hpp"
#include "weir/test/temp_dir.hpp"
#include "weir/weir.hpp"

using namespace weir;
using weir::test::sink_instance;

namespace {

/// The external system: staged values per transaction, committed values in commit order,
/// and the calls in order ("begin 1", "pre_commit 1", "commit 1", ...).
struct fake_store {
  int next_txn = 1;
  std::map<int, std::vector<int>> staged;
  std::vector<int> committed;
  std::map<int, int> commits; // per transaction, how often commit ran
  std::vector<std::string> calls;
  int fail_commit_of = 0;     // commit of this transaction throws (once)

  bool called(const std::string& c) const {
    return std::find(calls.begin(), calls.end(), c) != calls.end();
  }
};

/// Transactions are numbers; commit moves staged values to committed, idempotently.
class store_sink final : public two_phase_commit_sink_function<int, int> {
public:
  explicit store_sink(std::shared_ptr<fake_store> store) : store_(std::move(store)) {}

protected:
  int begin_transaction() override {
    int t = store_->next_txn++;
    store_->staged[t];
    store_->calls.push_back("begin " + std::to_string(t));
    return t;
  }
  void invoke(int& txn, const int& v) override { store_->staged[txn].push_back(v); }
  void pre_commit(int& txn) override {
    store_->calls.push_back("pre_commit " + std::to_string(txn));
  }
  void commit(int& txn) override {
    store_->calls.push_back("commit " + std::to_string(txn));
    if (store_->fail_commit_of == txn) {
      store_->fail_commit_of = 0;
      throw std::runtime_error("commit failed");
    }
    ++store_->commits[txn];
    auto it = store_->staged.find(txn);
    if (it == store_->staged.end())
      return; // committed before
    store_->committed.insert(store_->committed.end(), it->second.begin(), it->second.end());
    store_->staged.erase(it);
  }
  void abort(int& txn) override {
    store_->calls.push_back("abort " + std::to_string(txn));
    store_->staged.erase(txn);
  }
  void recover_and_commit(int& txn) override {
    store_->calls.push_back("recover_and_commit " + std::to_string(txn));
    commit(txn);
  }
  void recover_and_abort(int& txn) override {
    store_->calls.push_back("recover_and_abort " + std::to_string(txn));
    abort(txn);
  }

private:
  std::shared_ptr<fake_store> store_;
};

using instance = sink_instance<store_sink>;

std::vector<int> sorted(std::vector<int> v) {
  std::sort(v.begin(), v.end());
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(two_phase_commit_sink_function_test)

BOOST_AUTO_TEST_CASE(records_become_visible_only_when_their_checkpoint_completes) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  BOOST_TEST(store->calls == std::vector<std::string>{"begin 1"});
  s.invoke(1);
  s.invoke(2);
  s.snapshot(1, dir.path());
  BOOST_TEST((store->calls == std::vector<std::string>{"begin 1", "pre_commit 1", "begin 2"}));
  s.invoke(3);
  BOOST_TEST(store->committed.empty());
  s.complete(1);
  BOOST_TEST((store->committed == std::vector<int>{1, 2}));
  s.snapshot(2, dir.path());
  BOOST_TEST((store->committed == std::vector<int>{1, 2}));
  s.complete(2);
  BOOST_TEST((store->committed == std::vector<int>{1, 2, 3}));
  BOOST_TEST(s.fn().pending_transactions().empty());
}

BOOST_AUTO_TEST_CASE(a_completed_checkpoint_commits_every_pending_transaction_up_to_it) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  for (int id = 1; id <= 3; ++id) {
    s.invoke(id * 10);
    s.snapshot(static_cast<std::uint64_t>(id), dir.path());
  }
  BOOST_TEST(s.fn().pending_transactions().size() == 3u);
  s.complete(2); // the notification of 1 was lost, or checkpoints overlapped
  BOOST_TEST((store->committed == std::vector<int>{10, 20}));
  BOOST_TEST(s.fn().pending_transactions().size() == 1u);
  BOOST_TEST(s.fn().pending_transactions().front().first == checkpoint_id{3});
  s.complete(2); // again: nothing left of it
  BOOST_TEST((store->committed == std::vector<int>{10, 20}));
  s.complete(3);
  BOOST_TEST((store->committed == std::vector<int>{10, 20, 30}));
}

BOOST_AUTO_TEST_CASE(an_aborted_checkpoint_leaves_its_transaction_for_the_next_completed_one) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  s.invoke(1);
  s.snapshot(1, dir.path());
  s.aborted(1);
  BOOST_TEST(store->committed.empty());
  BOOST_TEST(!store->called("abort 1"));
  s.invoke(2);
  s.snapshot(2, dir.path());
  s.complete(2);
  BOOST_TEST((store->committed == std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(a_restored_sink_commits_its_pending_transactions_and_aborts_the_open_one) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  std::string chk1;
  {
    instance s{store_sink{store}, 0, 1};
    s.invoke(1);
    s.invoke(2);
    chk1 = s.snapshot(1, dir.path()); // txn 1 pending, txn 2 open
    s.invoke(3);                      // after the checkpoint: replayed after the restore
    // The task fails before the notification of checkpoint 1: no close, no commit.
  }
  store->calls.clear();
  instance r{store_sink{store}, 0, 1, {chk1}};
  BOOST_TEST((store->calls == std::vector<std::string>{"recover_and_commit 1", "commit 1",
                                                      "recover_and_abort 2", "abort 2",
                                                      "begin 3"}));
  BOOST_TEST((store->committed == std::vector<int>{1, 2}));
  BOOST_TEST(!store->staged.contains(2));
  r.invoke(3); // the replay
  r.snapshot(2, dir.path());
  r.complete(2);
  BOOST_TEST((store->committed == std::vector<int>{1, 2, 3}));
}

BOOST_AUTO_TEST_CASE(recovery_commits_again_what_was_committed_before_the_failure) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  std::string chk1;
  {
    instance s{store_sink{store}, 0, 1};
    s.invoke(7);
    chk1 = s.snapshot(1, dir.path());
    s.complete(1); // committed; the task fails right after
  }
  instance r{store_sink{store}, 0, 1, {chk1}};
  BOOST_TEST(store->commits[1] == 2);
  BOOST_TEST((store->committed == std::vector<int>{7})); // the store's commit is idempotent
}

BOOST_AUTO_TEST_CASE(a_snapshot_after_a_restore_no_longer_holds_the_recovered_transactions) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  std::string chk1, chk2;
  {
    instance s{store_sink{store}, 0, 1};
    s.invoke(1);
    chk1 = s.snapshot(1, dir.path());
  }
  {
    instance r{store_sink{store}, 0, 1, {chk1}};
    r.invoke(2);
    chk2 = r.snapshot(2, dir.path());
  }
  store->calls.clear();
  instance again{store_sink{store}, 0, 1, {chk2}};
  BOOST_TEST(!store->called("recover_and_commit 1"));
  BOOST_TEST(store->called("recover_and_commit 3"));
  BOOST_TEST((sorted(store->committed) == std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(finish_pre_commits_for_the_final_checkpoint_which_commits_everything) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  BOOST_TEST(s.fn().commits_at_job_end());
  s.invoke(1);
  s.snapshot(1, dir.path());
  s.invoke(2);
  s.fn().finish();
  s.fn().close(); // the task closes its operators right after finishing
  BOOST_TEST(!s.fn().current_transaction().has_value());
  BOOST_TEST(!store->called("abort 2"));
  BOOST_TEST(store->committed.empty());
  BOOST_REQUIRE(s.fn().pending_transactions().size() == 2u);
  BOOST_TEST(s.fn().pending_transactions().back().first == final_checkpoint_id);
  s.fn().notify_checkpoint_complete(final_checkpoint_id);
  BOOST_TEST((store->committed == std::vector<int>{1, 2}));
}

BOOST_AUTO_TEST_CASE(close_without_finish_aborts_the_open_transaction_only) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  s.invoke(1);
  s.snapshot(1, dir.path());
  s.invoke(2);
  s.fn().close(); // cancelled or failed
  BOOST_TEST(store->called("abort 2"));
  BOOST_TEST(!store->called("abort 1")); // belongs to checkpoint 1, which may still complete
  BOOST_TEST(store->staged.contains(1));
}

BOOST_AUTO_TEST_CASE(a_failed_commit_still_commits_the_others_then_fails) {
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  instance s{store_sink{store}, 0, 1};
  s.invoke(1);
  s.snapshot(1, dir.path());
  s.invoke(2);
  s.snapshot(2, dir.path());
  store->fail_commit_of = 1;
  BOOST_CHECK_THROW(s.complete(2), std::runtime_error);
  BOOST_TEST((store->committed == std::vector<int>{2}));
  BOOST_TEST(s.fn().pending_transactions().empty()); // the restored sink retries transaction 1
}

BOOST_AUTO_TEST_CASE(at_another_parallelism_each_pending_transaction_is_recovered_once) {
  for (int new_parallelism : {1, 2, 4}) {
    auto store = std::make_shared<fake_store>();
    test::temp_dir dir;
    std::vector<std::string> chk;
    {
      std::vector<std::unique_ptr<instance>> old;
      for (int i = 0; i < 3; ++i)
        old.push_back(std::make_unique<instance>(store_sink{store}, i, 3));
      for (int i = 0; i < 3; ++i) {
        old[i]->invoke(i);
        chk.push_back(old[i]->snapshot(1, dir.path()));
      }
    }
    std::vector<std::unique_ptr<instance>> restored;
    for (int i = 0; i < new_parallelism; ++i)
      restored.push_back(std::make_unique<instance>(store_sink{store}, i, new_parallelism, chk));
    BOOST_TEST_CONTEXT("parallelism 3 -> " << new_parallelism) {
      BOOST_TEST((sorted(store->committed) == std::vector<int>{0, 1, 2}));
      for (auto [txn, n] : store->commits)
        BOOST_TEST(n == 1);
      BOOST_TEST(store->commits.size() == 3u);
    }
  }
}

BOOST_AUTO_TEST_CASE(the_user_sink_operator_forwards_checkpoints_and_commits_at_job_end) {
  struct plain final : sink_function<int> {
    void invoke(const int&) override {}
  };
  auto store = std::make_shared<fake_store>();
  test::temp_dir dir;
  runtime_context ctx{"Sink", 0, 1, 128, {}};
  flow::user_sink<int, store_sink> op{ctx, store_sink{store}};
  flow::user_sink<int, plain> other{ctx, plain{}};
  BOOST_TEST(op.commits_at_job_end());
  BOOST_TEST(!other.commits_at_job_end());
  op.run_open(); // no initialize_state before: a task without persistence
  BOOST_TEST(store->called("begin 1"));
  flow::record_batch<int> batch;
  batch.records = {4, 5};
  op.push(batch);
  op.run_finish();
  op.run_close();
  op.run_notify_checkpoint_complete(final_checkpoint_id);
  BOOST_TEST((store->committed == std::vector<int>{4, 5}));
}

BOOST_AUTO_TEST_SUITE_END()
