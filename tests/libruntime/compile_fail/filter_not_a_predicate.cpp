// expect: weir: filter expects a predicate `bool\(const T&\)`
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<int>{1}).filter([](const int&) { return std::string{}; });
}
