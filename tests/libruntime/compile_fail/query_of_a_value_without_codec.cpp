// expect: get<K, V>: the value type V has no weir::codec
#include "weir/api.hpp"
struct point { int x = 0; };
void query(const weir::job_client& job) {
  (void) job.queryable_state().get<int, point>("points", 1);
}
