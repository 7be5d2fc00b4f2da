#include "qx/registry/object_csv.h"

#include <gtest/gtest.h>

namespace qx::registry {
namespace {

TEST(PlanObjectImportTest, ValidRowsBecomeObjectsWithDefaults) {
  auto t = *ParseCsv("name,kind,sector,depends_on\nPipeline SCADA,ot,,Billing\nBilling,,finance,\n");
  const auto plan = PlanObjectImport(t, "oil_and_gas", {});
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(plan.rows[0].object->sector, "oil_and_gas");
  EXPECT_EQ(plan.rows[0].object->kind, domain::ObjectKind::kOt);
  EXPECT_EQ(plan.rows[0].depends_on_names, std::vector<std::string>{"Billing"});
  EXPECT_EQ(plan.rows[1].object->sector, "finance");
  EXPECT_EQ(plan.rows[1].object->kind, domain::ObjectKind::kIt);
}

TEST(PlanObjectImportTest, EveryBadRowIsReportedWithItsLine) {
  auto t = *ParseCsv(
      "name,sector,kind,depends_on\n"
      "Good,energy,it,Registered\n"
      ",energy,it,\n"                 // line 3: no name
      "Bad sector,moon,it,\n"         // line 4
      "Bad kind,energy,cloud,\n"      // line 5
      "Registered,energy,it,\n"       // line 6: already registered
      "Good,energy,it,\n"             // line 7: duplicate in the file
      "Orphan,energy,it,Nowhere\n");  // line 8: unknown dependency
  const auto plan = PlanObjectImport(t, "energy", {{"Registered", 41}});
  EXPECT_FALSE(plan.ok());
  ASSERT_EQ(plan.rows.size(), 7u);
  EXPECT_TRUE(plan.rows[0].errors.empty());
  for (size_t i = 1; i < plan.rows.size(); ++i) {
    EXPECT_EQ(plan.rows[i].line, static_cast<int>(i) + 2);
    EXPECT_FALSE(plan.rows[i].errors.empty()) << "line " << plan.rows[i].line;
    EXPECT_FALSE(plan.rows[i].object);
  }
}

TEST(PlanObjectImportTest, HeaderProblemsStopEverything) {
  EXPECT_FALSE(PlanObjectImport(*ParseCsv("title\nx\n"), "energy", {}).header_errors.empty());
  EXPECT_FALSE(PlanObjectImport(*ParseCsv("name,name\nx,y\n"), "energy", {}).header_errors.empty());
  EXPECT_FALSE(PlanObjectImport(*ParseCsv("name\n"), "energy", {}).header_errors.empty());
  EXPECT_FALSE(PlanObjectImport(*ParseCsv(""), "energy", {}).header_errors.empty());
}

}  // namespace
}  // namespace qx::registry
