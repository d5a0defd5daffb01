// expect: weir: a key must be equality comparable and hashable: specialize weir::key_hash<K>
#include "weir/api.hpp"
struct point {
  int x = 0;
  int y = 0;
  bool operator==(const point&) const = default;
};
void job(weir::environment& env) {
  env.from_collection(std::vector<point>{{1, 2}})
    .key_by([](const point& p) { return p; })
    .reduce([](const point& a, const point&) { return a; })
    .print();
}
