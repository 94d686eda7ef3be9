export const surveys = {
  "surveys.tabs": { ko: "설문 메뉴", en: "Survey pages" },
  "surveys.tab.results": { ko: "결과", en: "Results" },
  "surveys.tab.edit": { ko: "질문", en: "Questions" },
  "surveys.tab.links": { ko: "배포", en: "Distribution" },
  "surveys.tab.responses": { ko: "응답 목록", en: "Responses" },
} as const;
