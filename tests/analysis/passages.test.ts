import { describe, expect, it } from "vitest";
import { LONG_PASSAGE, splitPassages, splitSentences } from "../../analysis/text/passages";

describe("splitPassages", () => {
  it("keeps short paragraphs whole, one passage each, lines joined", () => {
    const body = "First point about the\nonboarding.\n\n\n  Second point: billing is clear.  \n\nThird.";
    expect(splitPassages(body)).toEqual(["First point about the onboarding.", "Second point: billing is clear.", "Third."]);
  });

  it("treats CRLF and blank lines with spaces as paragraph breaks", () => {
    expect(splitPassages("하나입니다.\r\n \r\n둘입니다.\r\n")).toEqual(["하나입니다.", "둘입니다."]);
  });

  it("splits a long English paragraph into its sentences", () => {
    const s1 = "The support team answered our ticket within an hour, which was much faster than the vendor we had before.";
    const s2 = "However, the resolution took three days because the engineer on call did not have access to our logs?";
    const s3 = "We would like a named contact for escalations, someone who knows our setup and can pull in the right engineer without a new ticket!";
    const s4 = "Also the status page said \"all good\" while the API was down for most of the afternoon on Tuesday, and nobody told us why.";
    const para = [s1, s2, s3, s4].join(" ");
    expect(para.length).toBeGreaterThan(LONG_PASSAGE);
    expect(splitPassages(`Intro.\n\n${para}`)).toEqual(["Intro.", s1, s2, s3, s4]);
  });

  it("splits a long Korean paragraph at 다. 요. 까? and !", () => {
    const s = [
      "지난달 장애 때 고객센터 연결이 너무 오래 걸려서 결국 저희 운영팀이 밤새 직접 원인을 찾아야 했습니다.",
      "담당자가 바뀔 때마다 같은 설명을 처음부터 다시 해야 하는 점이 가장 불편했어요.",
      "장애 공지는 왜 영어로만 올라오는 건가요?",
      "한국어 공지를 꼭 부탁드립니다!",
      "그래도 최근 두 달은 응답 속도가 확실히 빨라져서 만족하고 있으며 앞으로도 지금처럼 유지되었으면 좋겠다는 것이 팀의 공통된 의견입니다.",
      "요금제 변경 절차가 복잡하다는 의견도 있었고 계약서의 보상 조항이 실제 장애 상황에서 어떻게 적용되는지 설명해 주시면 좋겠습니다.",
      "마지막으로 월간 리포트에 가용성 수치뿐 아니라 문의 처리 시간과 재오픈 건수도 함께 보여 주시면 내부 보고에 큰 도움이 될 것 같아요.",
      "다음 분기 계약 갱신 전에 한 번 더 만나서 개선 사항을 같이 점검하면 좋겠습니다.",
    ];
    const para = s.join(" ");
    expect(para.length).toBeGreaterThan(LONG_PASSAGE);
    expect(splitPassages(para)).toEqual(s);
  });

  it("does not split inside a number or an abbreviation without a following space", () => {
    expect(splitSentences("Version 2.5 shipped. It fixed v1.2.3 bugs.")).toEqual(["Version 2.5 shipped.", "It fixed v1.2.3 bugs."]);
    expect(splitSentences("끝이 없는 문장")).toEqual(["끝이 없는 문장"]);
  });

  it("gives nothing for an empty or blank body", () => {
    expect(splitPassages("")).toEqual([]);
    expect(splitPassages(" \n\n \n")).toEqual([]);
  });
});
