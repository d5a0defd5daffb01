// expect: weir: reduce expects `T\(const T& accumulated, const T& value\)`
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).key_by([](const int& x) { return x; })
    .reduce([](const int& a) { return a; });
}
