// expect: get<K, V>: the key type K has no weir::codec
#include "weir/api.hpp"
struct account { int id = 0; };
template <>
struct std::hash<account> {
  std::size_t operator()(const account& a) const noexcept { return std::hash<int>{}(a.id); }
};
void query(const weir::job_client& job) {
  (void) job.queryable_state().get<account, long>("balances", account{1});
}
