// expect: weir: interval_join needs one key type on both sides
#include "weir/api.hpp"
void job(weir::environment& env) {
  auto a = env.from_collection(std::vector<int>{1}).key_by([](const int& x) { return x; });
  auto b = env.from_collection(std::vector<long>{2}).key_by([](const long& x) { return x; });
  a.interval_join(b);
}
