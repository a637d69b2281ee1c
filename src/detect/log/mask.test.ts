/** Tests of the generic token masking: which parts of a token are values, and the parameters found. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskToken } from './mask.js';

function mask(token: string): [string, string[]] {
  const params: string[] = [];
  return [maskToken(token, params), params];
}

describe('maskToken', () => {
  const cases: [string, string, string[]][] = [
    ['terminating', 'terminating', []],
    ['3579', '<*>', ['3579']],
    ['-12.5', '<*>', ['-12.5']],
    ['0x7fed806eb5d', '<*>', ['0x7fed806eb5d']],
    ['113d3a99c3da401fbd62cc2caa5b96d2', '<*>', ['113d3a99c3da401fbd62cc2caa5b96d2']],
    ['req-38101a0b-2096-447d-96ea-a692162415ae', '<*>', ['req-38101a0b-2096-447d-96ea-a692162415ae']],
    ['[10.0.0.1]', '[<*>]', ['10.0.0.1']],
    ['10.251.73.220:50010', '<*>', ['10.251.73.220:50010']],
    ['/10.250.14.38:50010', '<*>', ['/10.250.14.38:50010']],
    ['00:11:43:e3:ba:c3', '<*>', ['00:11:43:e3:ba:c3']],
    ['proxy.example.edu:5070', '<*>', ['proxy.example.edu:5070']],
    ['[MININT-FNANLI5.corp.example.com:64260]', '[<*>]', ['MININT-FNANLI5.corp.example.com:64260']],
    ['msra-sa-41:8030.', '<*>.', ['msra-sa-41:8030']],
    ['[ib_sm_sweep.c:433]:', '[ib_sm_sweep.c:<*>]:', ['433']],
    ['uid=0', 'uid=<*>', ['0']],
    ['(uid=0)', '(uid=<*>)', ['0']],
    ['enabled=true', 'enabled=<*>', ['true']],
    ['user=root', 'user=root', []],
    ['delay=00:00:01,', 'delay=<*>,', ['00:00:01']],
    ['size=4,app=1', 'size=<*>,app=<*>', ['4', '1']],
    ['msgid=<2005.jA9@host1>,', 'msgid=<*>,', ['<2005.jA9@host1>']],
    ['ee0', 'ee0', []],
    ['8a2a501', '<*>', ['8a2a501']],
    ['/etc/httpd/conf/workers2.properties', '<*>', ['/etc/httpd/conf/workers2.properties']],
    ['C:\\Windows\\x.dll', '<*>', ['C:\\Windows\\x.dll']],
    ['"http://example.com/a?b=1",', '"<*>",', ['http://example.com/a?b=1']],
    ['20:30:31.455', '<*>:<*>:<*>', ['20', '30', '31.455']],
    ['2016/9/27', '<*>/<*>/<*>', ['2016', '9', '27']],
    ['HTTP/1.1', 'HTTP/<*>', ['1.1']],
    ['250ms', '<*>', ['250ms']],
    ['5min', '<*>', ['5min']],
    ['3.2GB', '<*>', ['3.2GB']],
    ['node-246', 'node-<*>', ['246']],
    ['host-12.example.com', '<*>', ['host-12.example.com']],
    ['blk_-6952295868487656571', '<*>', ['blk_-6952295868487656571']],
    ['port.', 'port.', []],
    ['22.', '<*>.', ['22']],
    ['ssh2', 'ssh2', []],
    ['jk2_init()', 'jk2_init()', []],
    ['true', '<*>', ['true']],
    ['NaN', '<*>', ['NaN']],
    ['undefined,', '<*>,', ['undefined']],
    ['[pid=12]', '[pid=<*>]', ['12']],
    ['a=1&b=2', 'a=<*>&b=<*>', ['1', '2']],
    ['id=a1b2;', 'id=<*>;', ['a1b2']],
    ['https://h:8080/p?q=1', '<*>', ['https://h:8080/p?q=1']],
    ['\\\\srv\\share', '<*>', ['\\\\srv\\share']],
    ['abc1.2.3.4:80x', 'abc<*>x', ['1.2.3.4:80']],
    ['00-11-43-e3-ba-c3,', '<*>,', ['00-11-43-e3-ba-c3']],
    ['size:10GB', 'size:<*>', ['10GB']],
    ['2015-10-18', '<*>', ['2015-10-18']],
    ['v6.1.7601', '<*>', ['v6.1.7601']],
    ['(41C)', '(<*>)', ['41C']],
    ['\ufffd\ufffd', '\ufffd\ufffd', []],
    ['\u0001\u0002', '\u0001\u0002', []],
    ['', '', []],
  ];
  for (const [token, masked, params] of cases) {
    it(`masks ${JSON.stringify(token)} as ${JSON.stringify(masked)}`, () => {
      assert.deepEqual(mask(token), [masked, params]);
    });
  }
});
