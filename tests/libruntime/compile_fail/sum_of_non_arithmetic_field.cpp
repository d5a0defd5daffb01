// expect: weir: sum, min and max aggregate an arithmetic field
#include "weir/api.hpp"
void job(weir::environment& env) {
  env.from_collection(std::vector<std::pair<int, std::string>>{{1, "a"}})
    .key_by([](const std::pair<int, std::string>& p) { return p.first; })
    .sum<1>()
    .print();
}
