import { describe, expect, it } from 'vitest'
import { allowedConclusions, assessmentBody, assessmentFormErrors, emptyAssessmentForm, type AssessmentForm } from './assessments'

const filled = (over: Partial<AssessmentForm> = {}): AssessmentForm => ({
  ...emptyAssessmentForm(),
  project: '月河川道征地拆迁安置',
  kind: 'land_requisition',
  regionCode: '610921102',
  decidingBody: '汉阴县人民政府',
  assessingBody: '汉阴县自然资源局',
  assessedOn: '2026-01-20',
  grade: 'medium',
  conclusion: 'implement_adjusted',
  conditions: [{ n: 0, text: '补偿方案公示满30日' }],
  ...over,
})

describe('the 稳评 form', () => {
  it('bounds the conclusion by the grade, as the server does', () => {
    expect(allowedConclusions('high')).toEqual(['suspend', 'reject'])
    expect(allowedConclusions('medium')).toEqual(['implement_adjusted', 'suspend', 'reject'])
    expect(allowedConclusions('low')).toEqual(['implement', 'implement_adjusted', 'suspend', 'reject'])
    expect(assessmentFormErrors(filled({ grade: 'high', conclusion: 'implement' }), '2026-03-01')).toEqual({
      conclusion: '高风险的事项结论至多为「暂缓实施」',
    })
    expect(assessmentFormErrors(filled({ grade: 'high', conclusion: 'suspend' }), '2026-03-01')).toEqual({})
  })

  it('names every missing field in Chinese at once', () => {
    expect(assessmentFormErrors(emptyAssessmentForm(), '2026-03-01')).toEqual({
      project: '请填写项目（决策事项）名称',
      kind: '请选择事项类别',
      regionCode: '请选择所在区县或乡镇',
      decidingBody: '请填写决策机关',
      assessingBody: '请填写评估主体',
      assessedOn: '请选择评估日期',
      grade: '请选择风险等级',
      conclusion: '请选择评估结论',
    })
  })

  it('checks the date and the conditions', () => {
    const today = '2026-03-01'
    expect(assessmentFormErrors(filled({ assessedOn: '2026-03-02' }), today)).toEqual({ assessedOn: '评估日期不能晚于今天' })
    expect(assessmentFormErrors(filled({ conditions: [{ n: 0, text: '  ' }] }), today)).toEqual({
      conditions: '结论为调整后实施的，须列明调整和防范化解措施（实施条件）',
    })
    expect(assessmentFormErrors(filled({ grade: 'high', conclusion: 'reject' }), today)).toEqual({
      conditions: '结论为不实施的事项没有实施条件，请删除',
    })
    const twice = [
      { n: 1, text: '公示' },
      { n: 0, text: ' 公示 ' },
    ]
    expect(assessmentFormErrors(filled({ conditions: twice }), today)).toEqual({ 'conditions[1]': '实施条件「公示」重复' })
  })

  it('sends the conditions by number, blank ones left out, and the version of an edit', () => {
    const f = filled({ summary: ' ', conditions: [{ n: 1, text: ' 公示 ' }, { n: 0, text: '' }, { n: 0, text: '走访' }] })
    expect(assessmentBody(f, 3)).toEqual({
      project: '月河川道征地拆迁安置',
      kind: 'land_requisition',
      regionCode: '610921102',
      decidingBody: '汉阴县人民政府',
      assessingBody: '汉阴县自然资源局',
      assessedOn: '2026-01-20',
      grade: 'medium',
      conclusion: 'implement_adjusted',
      reviewDays: 90,
      conditions: [{ n: 1, text: '公示' }, { text: '走访' }],
      version: 3,
    })
  })
})
