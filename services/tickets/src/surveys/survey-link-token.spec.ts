import { workspaceOfSurveyToken } from '@threadline/contracts';
import { SurveyLinkToken } from './survey-link-token';

const links = new SurveyLinkToken('s'.repeat(40));

describe('SurveyLinkToken', () => {
  it('opens the survey it was signed for, and names its workspace to anyone', () => {
    const token = links.sign('ws-żółw', 'abc123');
    expect(links.verify(token)).toEqual({ workspaceId: 'ws-żółw', surveyId: 'abc123' });
    expect(workspaceOfSurveyToken(token)).toBe('ws-żółw');
  });

  it('refuses an altered survey, workspace or signature, and another secret', () => {
    const token = links.sign('ws-1', 'abc123');
    const [ws, survey, mac] = token.split('.');
    expect(links.verify(`${ws}.abc124.${mac}`)).toBeNull();
    expect(links.verify(`${Buffer.from('ws-2').toString('base64url')}.${survey}.${mac}`)).toBeNull();
    expect(links.verify(`${ws}.${survey}.${mac.slice(0, -1)}A`)).toBeNull();
    expect(new SurveyLinkToken('t'.repeat(40)).verify(token)).toBeNull();
    expect(links.verify('nonsense')).toBeNull();
    expect(workspaceOfSurveyToken('../../etc')).toBeNull();
  });
});
