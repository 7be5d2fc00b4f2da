#include "qx/training/completion_csv.h"

#include <gtest/gtest.h>

namespace qx::training {
namespace {

constexpr Days kToday = 20000;  // 2024-10-04

CompletionDirectory Directory() {
  CompletionDirectory d;
  d.staff_ids = {1, 2, 3};
  d.staff_by_ref = {{"E1", 1}, {"E2", 2}, {"E3", 3}};
  d.staff_by_email = {{"ana@example.az", {1}}, {"shared@example.az", {2, 3}}};
  d.course_ids = {10, 11};
  d.course_by_title = {{"phishing awareness", 10}, {"induction", 11}};
  return d;
}

CompletionCsvPlan Plan(const std::string& csv, const CompletionDirectory& dir = Directory()) {
  auto table = ParseCsv(csv);
  EXPECT_TRUE(table) << table.error().message;
  return PlanCompletionImport(*table, dir, kToday);
}

TEST(CompletionCsvTest, ResolvesStaffAndCourseByAnyNamingColumn) {
  const auto plan = Plan(
      "\xEF\xBB\xBFStaff_Email,Course,completed_on\r\n"
      "ANA@example.az,\"Phishing Awareness\",2024-10-01\r\n");
  ASSERT_TRUE(plan.ok()) << plan.errors[0].message;
  ASSERT_EQ(plan.completions.size(), 1u);
  EXPECT_EQ(plan.completions[0].staff_id, 1);
  EXPECT_EQ(plan.completions[0].course_id, 10);
  EXPECT_EQ(plan.completions[0].completed_on, 19997);
  EXPECT_EQ(plan.completions[0].row, 1);

  const auto by_ids = Plan("completed_on,staff_id,course_id,staff_ref\n2024-01-01,2,11,E2\n2024-01-02,3,10,\n");
  ASSERT_TRUE(by_ids.ok()) << by_ids.errors[0].message;
  ASSERT_EQ(by_ids.completions.size(), 2u);
  EXPECT_EQ(by_ids.completions[1].staff_id, 3);
  EXPECT_EQ(by_ids.rows, 2);
}

TEST(CompletionCsvTest, EveryBadRowIsReportedWithRowLineAndColumn) {
  const auto plan = Plan(
      "staff_ref,course,completed_on\n"
      "E1,Induction,2024-02-30\n"           // row 1: no such date
      "E9,Induction,2024-01-01\n"           // row 2: unknown staff
      "E1,Fire safety,2024-01-01\n"         // row 3: unknown course
      "E1,Induction,2030-01-01\n"           // row 4: in the future
      "E1,Induction,2024-01-01,extra\n"     // row 5: too many fields
      ",Induction,2024-01-01\n"             // row 6: no staff
      "E2,Induction,2024-01-01\n");         // row 7: fine
  ASSERT_FALSE(plan.ok());
  ASSERT_EQ(plan.errors.size(), 6u);
  EXPECT_EQ(plan.errors[0].row, 1);
  EXPECT_EQ(plan.errors[0].line, 2);
  EXPECT_EQ(plan.errors[0].column, "completed_on");
  EXPECT_EQ(plan.errors[1].row, 2);
  EXPECT_EQ(plan.errors[1].column, "staff_ref");
  EXPECT_EQ(plan.errors[2].column, "course");
  EXPECT_EQ(plan.errors[3].column, "completed_on");
  EXPECT_NE(plan.errors[3].message.find("future"), std::string::npos);
  EXPECT_EQ(plan.errors[4].column, "");
  EXPECT_EQ(plan.errors[5].row, 6);
  EXPECT_EQ(plan.rows, 7);
  EXPECT_EQ(plan.completions.size(), 1u);  // planned, but the caller writes nothing
}

TEST(CompletionCsvTest, AmbiguousOrDisagreeingNamesAreErrors) {
  const auto shared = Plan("staff_email,course_id,completed_on\nshared@example.az,10,2024-01-01\n");
  ASSERT_EQ(shared.errors.size(), 1u);
  EXPECT_EQ(shared.errors[0].column, "staff_email");
  const auto disagree = Plan("staff_id,staff_ref,course_id,course,completed_on\n1,E2,10,Induction,2024-01-01\n");
  ASSERT_EQ(disagree.errors.size(), 2u);
  EXPECT_EQ(disagree.errors[0].column, "staff_ref");
  EXPECT_EQ(disagree.errors[1].column, "course");
  const auto bad_ids = Plan("staff_id,course_id,completed_on\n1x,-3,2024-01-01\n");
  ASSERT_EQ(bad_ids.errors.size(), 2u);
  const auto other_org = Plan("staff_id,course_id,completed_on\n99,10,2024-01-01\n");
  ASSERT_EQ(other_org.errors.size(), 1u);
  EXPECT_EQ(other_org.errors[0].column, "staff_id");
}

TEST(CompletionCsvTest, DuplicatesAreSkippedAndCounted) {
  auto dir = Directory();
  dir.recorded.emplace(1, 10, 19997);
  const auto plan = Plan(
      "staff_ref,course_id,completed_on\n"
      "E1,10,2024-10-01\n"   // already recorded
      "E2,10,2024-10-01\n"
      "E2,10,2024-10-01\n"   // repeats the row above
      "E2,10,2024-10-02\n",  // another day: not a duplicate
      dir);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan.duplicates, 2);
  ASSERT_EQ(plan.completions.size(), 2u);
  EXPECT_EQ(plan.completions[0].row, 2);
  EXPECT_EQ(plan.completions[1].row, 4);
}

TEST(CompletionCsvTest, HeaderProblemsStopEverything) {
  for (const char* csv : {"", "staff_ref,course\nE1,Induction\n", "course,completed_on\nInduction,2024-01-01\n",
                          "staff_ref,completed_on\nE1,2024-01-01\n", "staff_ref,course,completed_on,grade\nE1,x,y,z\n",
                          "staff_ref,staff_ref,course,completed_on\nE1,E1,Induction,2024-01-01\n",
                          "staff_ref,course,completed_on\n"}) {
    const auto plan = Plan(csv);
    ASSERT_FALSE(plan.ok()) << csv;
    EXPECT_EQ(plan.errors[0].row, 0) << csv;
    EXPECT_TRUE(plan.completions.empty()) << csv;
  }
}

}  // namespace
}  // namespace qx::training
